// In a test file: `const db = await useTestDatabase();` gives this file its own migrated database and
// Prisma clients for the owner (setup), the application role (what the API does, under RLS) and the operator
// role (what the API does for CBP operations staff).
import { afterAll, inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../client.ts';
// The vitest ProvidedContext declaration for 'capeTestServer' lives with the global setup that provides it.
import type {} from './global-setup.ts';
import { createTestDatabase, type TestDatabase } from './test-server.ts';

export interface TestDatabaseClients extends TestDatabase {
  owner: PrismaClient;
  app: PrismaClient;
  operator: PrismaClient;
}

export async function useTestDatabase(): Promise<TestDatabaseClients> {
  const database = await createTestDatabase(inject('capeTestServer'));
  const owner = createPrismaClient(database.ownerUrl, { maxConnections: 4 });
  const app = createPrismaClient(database.appUrl, { maxConnections: 4 });
  const operator = createPrismaClient(database.operatorUrl, { maxConnections: 2 });
  afterAll(async () => {
    await owner.$disconnect();
    await app.$disconnect();
    await operator.$disconnect();
    await database.drop();
  });
  return { ...database, owner, app, operator };
}
