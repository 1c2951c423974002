import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-e2e.json' },
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['@cape/db/testing/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
