// `vite build` prints the portal's initial JavaScript (what the browser must load before the first page
// shows: the entry chunk and every chunk it imports statically, which index.html preloads) gzipped, and
// fails when it is over budget. Pages loaded on demand (dynamic imports) do not count. It also writes a
// .gz copy of each compressible file, which the API's static handler serves to browsers that accept gzip.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** 300 kB (1 kB = 1,000 bytes, as Vite prints sizes). */
export const INITIAL_JS_BUDGET_BYTES = 300_000;

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: readonly string[];
}
interface BundleAsset {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}
export type Bundle = Record<string, BundleChunk | BundleAsset>;

/** Entry chunks and, transitively, the chunks they import statically; each once. */
export function initialChunks(bundle: Bundle): BundleChunk[] {
  const chunks = new Map<string, BundleChunk>();
  for (const file of Object.values(bundle)) if (file.type === 'chunk') chunks.set(file.fileName, file);
  const seen = new Set<string>();
  const pending = [...chunks.values()].filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName);
  while (pending.length > 0) {
    const fileName = pending.pop() as string;
    if (seen.has(fileName)) continue;
    seen.add(fileName);
    pending.push(...(chunks.get(fileName)?.imports ?? []));
  }
  return [...seen].flatMap((fileName) => chunks.get(fileName) ?? []);
}

/** Bytes as served: gzip at its best level, the level of the .gz copies the build writes. */
export function gzip(content: string | Uint8Array): Buffer {
  return gzipSync(content, { level: 9 });
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

const COMPRESSIBLE = /\.(?:js|css|html|svg|json|txt)$/;
/** Below this, compression saves too little to be worth a second file. */
const COMPRESS_FROM_BYTES = 1024;

export function initialJsBudget({
  budgetBytes = INITIAL_JS_BUDGET_BYTES,
  log = (line: string) => console.log(line),
}: {
  budgetBytes?: number;
  log?: (line: string) => void;
} = {}): Plugin {
  return {
    name: 'cape-initial-js-budget',
    apply: 'build',
    enforce: 'post',
    // After the bundle is written: its code is final then (Vite fills in preload lists while generating).
    writeBundle(options, output) {
      const bundle = output as unknown as Bundle;
      const initial = initialChunks(bundle).map((chunk) => ({
        fileName: chunk.fileName,
        gzipBytes: gzip(chunk.code).length,
      }));
      const total = initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
      log('\nInitial JavaScript of the portal (gzip):');
      for (const chunk of initial.sort((a, b) => b.gzipBytes - a.gzipBytes)) {
        log(`  ${chunk.fileName.padEnd(48)} ${kB(chunk.gzipBytes).padStart(10)}`);
      }
      log(`  ${'total'.padEnd(48)} ${kB(total).padStart(10)}  (budget ${kB(budgetBytes)})\n`);
      if (total > budgetBytes) {
        this.error(
          `The portal's initial JavaScript is ${kB(total)} gzipped, over its budget of ${kB(budgetBytes)}. ` +
            'Load the page that grew on demand (lazyRouteComponent) or drop a dependency.',
        );
      }
      const outDir = options.dir ?? 'dist';
      for (const file of Object.values(bundle)) {
        const content = file.type === 'chunk' ? file.code : file.source;
        if (!COMPRESSIBLE.test(file.fileName) || content.length < COMPRESS_FROM_BYTES) continue;
        writeFileSync(join(outDir, `${file.fileName}.gz`), gzip(content));
      }
    },
  };
}
