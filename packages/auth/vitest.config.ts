import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // A password hash at OWASP strength takes seconds on a loaded 2-core machine (CI runs packages side by side).
    testTimeout: 60_000,
  },
});
