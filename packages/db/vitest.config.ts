import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    globalSetup: ['./src/testing/global-setup.ts'],
    // The schema engine is WebAssembly loaded as an ES module.
    execArgv: ['--experimental-wasm-modules', '--no-warnings'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
