// Third-party software files CAPE declarations with an API token: only with the declaration:file scope,
// and every declaration it files names the token.
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createEntrySummary } from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { fixedBusinessClock } from '../business-clock.ts';
import { CURRENT_CERTIFICATION } from '../claim-portal/declarations/certification.ts';
import { fileDeclaration } from '../claim-portal/declarations/file-declaration.ts';
import type { ServiceContext } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import { authenticateApiToken, createApiToken } from './api-tokens.ts';
import { newMember } from './testing.ts';

const db = await useTestDatabase();
const FILING_DAY = '2026-04-20';
const broker = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });
const admin = await newMember(db, { id: broker.organizationId, kind: 'BROKER' }, 'ADMIN', FILING_DAY);
const entry = await createEntrySummary(db.owner, { filerCode: broker.filerCode });

async function tokenContext(scopes: string[]): Promise<{ context: ServiceContext; tokenId: string }> {
  const { token, apiToken } = await createApiToken(admin.context, { name: scopes.join(' '), scopes });
  const authenticated = await authenticateApiToken(db.app, token);
  if (!authenticated) throw new Error('token did not authenticate');
  return {
    context: { db: db.app, actor: authenticated.actor, clock: fixedBusinessClock(FILING_DAY) },
    tokenId: apiToken.id,
  };
}

const filing = {
  fileName: 'from-erp.csv',
  content: Buffer.from(`Entry Number\r\n${entry.entryNumber}\r\n`),
  certificationVersion: CURRENT_CERTIFICATION.version,
  clientAddress: '192.0.2.44',
  userAgent: 'broker-erp/3.1',
};

describe('filing with an API token', () => {
  it('is refused without the declaration:file scope, though its creator may file', async () => {
    const reader = await tokenContext(['entry:read', 'declaration:read']);
    await expect(fileDeclaration(reader.context, filing)).rejects.toEqual(
      new ForbiddenError('declaration:file'),
    );
    expect(await db.owner.capeDeclaration.count()).toBe(0);
  });

  it('names the token on the declaration and on its audit record', async () => {
    const filer = await tokenContext(['declaration:file']);
    const result = await fileDeclaration(filer.context, filing);
    const stored = await db.owner.capeDeclaration.findUniqueOrThrow({ where: { id: result.declaration.id } });
    expect(stored).toMatchObject({ apiTokenId: filer.tokenId, submittedByUserId: admin.userId });
    const audit = await db.owner.auditLogEntry.findMany({ where: { subjectId: result.declaration.id } });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((row) => row.apiTokenId === filer.tokenId && row.actorUserId === admin.userId)).toBe(
      true,
    );
  });
});
