import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // The browser test runs the API's source in-process. graphql ships ESM (.mjs, picked by Vite's resolver)
  // and CJS (picked by Node for Pothos and Yoga); two copies break its instanceof checks, so the test uses
  // the one Node uses (as api/vitest.config.ts does).
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-e2e.json' },
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['@cape/db/testing/global-setup', './e2e/build-portal.ts'],
    // Each file starts an API and a Chromium: one file at a time keeps the machine responsive.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
