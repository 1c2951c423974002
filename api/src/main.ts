// Starts the API against the configured database (APP_DATABASE_URL / DATABASE_URL, see README).
import type { AddressInfo } from 'node:net';
import { createPrismaClient } from '@cape/db';
import { appUrlFromOwnerUrl } from '@cape/db/provisioning';
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
const server = createApiServer(prisma, config);
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`API listening on http://${config.host}:${port}/graphql`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void prisma.$disconnect().finally(() => process.exit(0));
  });
}
