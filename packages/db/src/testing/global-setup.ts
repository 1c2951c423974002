// Vitest global setup shared by every package whose tests need PostgreSQL:
//   globalSetup: ['@cape/db/testing/global-setup']  and  `await useTestDatabase()` in a test file.
import type { TestProject } from 'vitest/node';
import { startTestServer } from './test-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    capeTestServer: {
      templateOwnerUrl: string;
      appUrlBase: string;
      operatorUrlBase: string;
      templateName: string;
    };
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  project.provide('capeTestServer', {
    templateOwnerUrl: server.templateOwnerUrl,
    appUrlBase: server.appUrlBase,
    operatorUrlBase: server.operatorUrlBase,
    templateName: server.templateName,
  });
  return async () => {
    await server.stop();
  };
}
