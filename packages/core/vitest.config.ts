import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    globalSetup: ['@cape/db/testing/global-setup'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
