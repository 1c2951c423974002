// `pnpm --filter @cape/core ach:reencrypt`: key rotation for stored ACH account numbers. Put the new key
// first in ACH_ENCRYPTION_KEYS and keep the old one listed ("new:…,old:…"), restart the API, run this, then
// drop the old key. Without the variable the development key file .data/ach-encryption-keys is used.
// Runs as the database owner (every tenant's rows) against DATABASE_URL or the embedded server.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrismaClient, runDatabaseCommand } from '@cape/db';
import { REPO_ROOT } from '@cape/db/migrations';
import { systemBusinessClock } from '../business-clock.ts';
import { systemActor } from '../context.ts';
import { parseAchKeyRing } from './ach-encryption.ts';
import { reencryptAchAccountNumbers } from './ach-key-rotation.ts';

const developmentKeys = join(REPO_ROOT, '.data', 'ach-encryption-keys');

await runDatabaseCommand('ach:reencrypt', async (environment) => {
  const specification =
    process.env.ACH_ENCRYPTION_KEYS ??
    (existsSync(developmentKeys) ? readFileSync(developmentKeys, 'utf8').trim() : undefined);
  if (!specification) {
    console.error('ach:reencrypt: set ACH_ENCRYPTION_KEYS ("<new id>:<key>,<old id>:<key>").');
    return 2;
  }
  const keyRing = parseAchKeyRing(specification);
  const prisma = createPrismaClient(environment.ownerUrl, { maxConnections: 2 });
  try {
    const report = await reencryptAchAccountNumbers(
      { db: prisma, actor: systemActor('ACH key rotation'), clock: systemBusinessClock() },
      keyRing,
    );
    const from =
      Object.entries(report.fromKeys)
        .map(([key, count]) => `${key}:${count}`)
        .join(',') || '-';
    console.log(`ach:reencrypt reencrypted=${report.reencrypted} to=${keyRing.primaryKeyId} from=${from}`);
    return 0;
  } finally {
    await prisma.$disconnect();
  }
});
