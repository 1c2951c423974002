// Key rotation for ACH account numbers: put the new key first in ACH_ENCRYPTION_KEYS (keeping the old one
// listed), run this, then drop the old key. Rows move to the primary key in batches, each batch one
// transaction; rows being changed meanwhile are skipped and picked up by the next batch.

import type { ServiceContext } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import { type AchKeyRing, decryptAccountNumber, encryptAccountNumber } from './ach-encryption.ts';

interface StaleRow {
  id: string;
  party_id: string;
  organization_id: string;
  account_ciphertext: string;
}

export interface ReencryptionReport {
  reencrypted: number;
  /** Key ids the moved rows were written with, and how many each. */
  fromKeys: Record<string, number>;
}

/** Re-encrypts every stored account number not yet under the primary key. The platform itself only. */
export async function reencryptAchAccountNumbers(
  context: ServiceContext,
  keyRing: AchKeyRing,
  options: { batchSize?: number } = {},
): Promise<ReencryptionReport> {
  if (context.actor.kind !== 'system') throw new ForbiddenError('processing:run');
  const purpose = context.actor.purpose;
  const batchSize = options.batchSize ?? 500;
  const report: ReencryptionReport = { reencrypted: 0, fromKeys: {} };
  for (;;) {
    const moved = await context.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<StaleRow[]>`
        select id, party_id, organization_id, account_ciphertext from ach_refund_enrollments
         where account_ciphertext is not null and split_part(account_ciphertext, ':', 1) <> ${keyRing.primaryKeyId}
         order by id limit ${batchSize} for update skip locked`;
      if (rows.length === 0) return 0;
      const replaced = rows.map((row) => ({
        ...row,
        fromKey: row.account_ciphertext.slice(0, row.account_ciphertext.indexOf(':')),
        ciphertext: encryptAccountNumber(
          keyRing,
          decryptAccountNumber(keyRing, row.account_ciphertext, row.party_id),
          row.party_id,
        ),
      }));
      await tx.$executeRaw`
        update ach_refund_enrollments e set account_ciphertext = r.ciphertext
          from unnest(${replaced.map((row) => row.id)}::uuid[], ${replaced.map((row) => row.ciphertext)}::text[])
               as r(id, ciphertext)
         where e.id = r.id`;
      await tx.auditLogEntry.createMany({
        data: replaced.map((row) => ({
          organizationId: row.organization_id,
          action: 'ach_enrollment.reencrypted',
          subjectType: 'ach_refund_enrollment',
          subjectId: row.id,
          details: { fromKeyId: row.fromKey, toKeyId: keyRing.primaryKeyId, by: purpose },
        })),
      });
      for (const row of replaced) report.fromKeys[row.fromKey] = (report.fromKeys[row.fromKey] ?? 0) + 1;
      return rows.length;
    });
    report.reencrypted += moved;
    if (moved < batchSize) return report;
  }
}
