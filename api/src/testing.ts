// Shared set-up for the API's integration tests: a database per test file and the API's config.
import type { ApiConfig } from './config.ts';

export const TEST_API_CONFIG: ApiConfig = {
  port: 0,
  host: '127.0.0.1',
  sessionSecret: 'test-session-secret-test-session-secret',
  sessionTtlSeconds: 3600,
};
