// Starts the API against the configured database (APP_DATABASE_URL / OPERATOR_DATABASE_URL / DATABASE_URL,
// see README).
import type { AddressInfo } from 'node:net';
import { createPrismaClient } from '@cape/db';
import { appUrlFromOwnerUrl, operatorUrlFromOwnerUrl } from '@cape/db/provisioning';
import { loadApiConfig } from './config.ts';
import { createApiServer } from './server.ts';

const config = loadApiConfig();
const appUrl =
  process.env.APP_DATABASE_URL ??
  (process.env.DATABASE_URL ? appUrlFromOwnerUrl(process.env.DATABASE_URL) : undefined);
if (!appUrl) {
  console.error(
    'Set APP_DATABASE_URL or DATABASE_URL (or use `pnpm start`, which starts the embedded database).',
  );
  process.exit(2);
}
const prisma = createPrismaClient(appUrl, { maxConnections: Number(process.env.API_DB_POOL_SIZE ?? 20) });
const operatorUrl =
  process.env.OPERATOR_DATABASE_URL ??
  (process.env.DATABASE_URL ? operatorUrlFromOwnerUrl(process.env.DATABASE_URL) : undefined);
const operatorPrisma = operatorUrl
  ? createPrismaClient(operatorUrl, { maxConnections: Number(process.env.API_OPERATOR_POOL_SIZE ?? 5) })
  : undefined;
if (!operatorPrisma) {
  console.warn(
    'OPERATOR_DATABASE_URL is not set: CBP operations staff will see only their own organization’s data.',
  );
}
const server = createApiServer(prisma, config, { operatorPrisma });
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`API listening on http://${config.host}:${port}/graphql`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void Promise.all([prisma.$disconnect(), operatorPrisma?.$disconnect()]).finally(() => process.exit(0));
  });
}
