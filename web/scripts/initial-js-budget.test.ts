import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Bundle, initialChunks, initialJsBudget } from './initial-js-budget.ts';

function chunk(fileName: string, code: string, imports: string[] = [], isEntry = false) {
  return { type: 'chunk' as const, fileName, code, imports, isEntry };
}

/** Random bytes as hex: gzip can only halve them (2 hex digits per byte of entropy), never more. */
function incompressible(bytes: number): string {
  return randomBytes(bytes / 2).toString('hex');
}

function runPlugin(bundle: Bundle, budgetBytes: number) {
  const lines: string[] = [];
  const outDir = mkdtempSync(join(tmpdir(), 'initial-js-budget-'));
  const plugin = initialJsBudget({ budgetBytes, log: (line) => lines.push(line) });
  const context = {
    error(message: string): never {
      throw new Error(message);
    },
  };
  const hook = plugin.writeBundle as unknown as (
    this: typeof context,
    options: { dir: string },
    bundle: Bundle,
  ) => void;
  const run = () => hook.call(context, { dir: outDir }, bundle);
  const written = () => readdirSync(outDir);
  return { run, lines, outDir, written };
}

describe('initial JavaScript budget', () => {
  it('counts the entry and what it imports statically, once each, but not what loads on demand', () => {
    const bundle: Bundle = {
      'index.js': chunk('index.js', 'entry', ['vendor.js', 'shared.js'], true),
      'vendor.js': chunk('vendor.js', 'vendor', ['shared.js']),
      'shared.js': chunk('shared.js', 'shared', ['vendor.js']),
      'lazy-page.js': chunk('lazy-page.js', 'page', ['shared.js']),
      'index.css': { type: 'asset', fileName: 'index.css', source: 'body{}' },
    };
    expect(
      initialChunks(bundle)
        .map((file) => file.fileName)
        .sort(),
    ).toEqual(['index.js', 'shared.js', 'vendor.js']);
  });

  it('passes a bundle under budget and prints its gzipped size', () => {
    // 200,000 hex characters of random bytes gzip to at least 100,000 bytes and about 113,000.
    const { run, lines } = runPlugin(
      {
        'index.js': chunk('index.js', incompressible(200_000), [], true),
        'page.js': chunk('page.js', incompressible(400_000)),
      },
      300_000,
    );
    run();
    const total = lines.find((line) => line.trim().startsWith('total'));
    const kB = Number(/([\d.]+) kB/.exec(total ?? '')?.[1]);
    expect(kB).toBeGreaterThan(100);
    expect(kB).toBeLessThan(130);
  });

  it('fails the build when the initial JavaScript is over budget', () => {
    const { run } = runPlugin(
      {
        'index.js': chunk('index.js', 'import "./vendor.js"', ['vendor.js'], true),
        'vendor.js': chunk('vendor.js', incompressible(700_000)),
      },
      300_000,
    );
    expect(run).toThrow(/initial JavaScript is 3\d\d\.\d kB gzipped, over its budget of 300\.0 kB/);
  });

  it('writes a gzip copy of each compressible file that decompresses to the same content', () => {
    const code = 'export const answer = 42;\n'.repeat(100);
    const { run, outDir, written } = runPlugin(
      {
        'index.js': chunk('index.js', code, [], true),
        'tiny.js': chunk('tiny.js', 'x'),
        'logo.png': { type: 'asset', fileName: 'logo.png', source: new Uint8Array(5000) },
      },
      300_000,
    );
    run();
    expect(written()).toEqual(['index.js.gz']);
    expect(gunzipSync(readFileSync(join(outDir, 'index.js.gz'))).toString()).toBe(code);
  });
});
