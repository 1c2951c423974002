// CAPE declarations over HTTP, as the portal and third-party software use them: GraphQL multipart uploads
// (with the CSRF header), preflight, results, approval, and the CSV downloads.
import { useTestDatabase } from '@cape/db/testing';
import {
  type CreatedEntrySummary,
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createUser,
} from '@cape/testkit';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { type Json, startTestApi } from '../http-testing.ts';
import { TEST_API_CONFIG } from '../testing.ts';

const db = await useTestDatabase();
// CAPE's launch day, for every request of this file.
await db.owner.businessClock.create({ data: { id: 1, overrideDate: new Date('2026-04-20T00:00:00Z') } });
const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage', filerCode: 'H7C' });
const rival = await createBrokerWithFilerCode(db.owner, { name: 'Rival Brokerage', filerCode: 'R2D' });
const acme = await createImporterParty(db.owner, { name: 'Acme Imports', clientOf: harbor.organizationId });
const entries: CreatedEntrySummary[] = [];
for (let i = 0; i < 4; i++) {
  entries.push(await createEntrySummary(db.owner, { filerCode: 'H7C', importerPartyId: acme.partyId }));
}
const protested = await createEntrySummary(db.owner, { filerCode: 'H7C', openProtest: true });
const rivalEntry = await createEntrySummary(db.owner, { filerCode: 'R2D' });
const admin = await createUser(db.owner, {
  email: 'admin@harbor.test',
  organizationId: harbor.organizationId,
  role: 'ADMIN',
});
const staff = await createUser(db.owner, {
  email: 'staff@harbor.test',
  organizationId: harbor.organizationId,
  role: 'STAFF',
});
const rivalAdmin = await createUser(db.owner, {
  email: 'admin@rival.test',
  organizationId: rival.organizationId,
  role: 'ADMIN',
});

const api = await startTestApi(db.app, TEST_API_CONFIG);
afterAll(() => api.close());
const adminSession = await api.signIn('admin@harbor.test', admin.password);
const staffSession = await api.signIn('staff@harbor.test', staff.password);
const rivalSession = await api.signIn('admin@rival.test', rivalAdmin.password);

const certification = (await api.graphql('{ declarationCertification { version text } }')).data!
  .declarationCertification as { version: string; text: string };

const DECLARATION_FIELDS = `id claimNumber status acceptedCount rejectedCount acceptedPrincipalCents filingDate
  clientAddress userAgent fileSha256 resultsDownloadPath
  fileProblems { code rowCount rows { row value detail suggestion } }`;

/** A GraphQL multipart request (graphql-multipart-request-spec) with one file in variables.file. */
async function upload(
  query: string,
  variables: Record<string, unknown>,
  csv: string,
  credential: string,
  headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' },
): Promise<{ status: number; body: Json }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([csv], { type: 'text/csv' }), 'declaration.csv');
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'user-agent': 'declaration-test/1.0', ...headers },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

const FILE = `mutation File($file: File!, $certificationVersion: String!, $idempotencyKey: String) {
  fileDeclaration(file: $file, certificationVersion: $certificationVersion, idempotencyKey: $idempotencyKey) {
    __typename
    ... on MutationFileDeclarationSuccess { data { replayed declaration { ${DECLARATION_FIELDS} } } }
    ... on Error { message }
  }
}`;

const csvOf = (numbers: string[]) => `Entry Number\r\n${numbers.join('\r\n')}\r\n`;

async function download(path: string, credential?: string) {
  const response = await fetch(`${api.url}${path}`, {
    headers: credential ? { authorization: `Bearer ${credential}` } : {},
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('filing over GraphQL multipart', () => {
  it('refuses a multipart upload without the CSRF header (a browser on another site could send one)', async () => {
    const { status, body } = await upload(
      FILE,
      { certificationVersion: certification.version },
      csvOf([entries[0]!.entryNumber]),
      adminSession,
      {},
    );
    expect(status).toBe(403);
    expect(body.errors[0].message).toMatch(/CSRF/);
    expect(await db.owner.capeDeclaration.count()).toBe(0);
  });

  it('files, records the request (address, user agent), lists results, and downloads Claim Details', async () => {
    const { status, body } = await upload(
      FILE,
      { certificationVersion: certification.version, idempotencyKey: 'portal-1' },
      csvOf([entries[0]!.entryNumber, protested.entryNumber]),
      adminSession,
    );
    expect(status).toBe(200);
    const filed = body.data.fileDeclaration.data;
    expect(filed.replayed).toBe(false);
    expect(filed.declaration).toMatchObject({
      status: 'ACCEPTED_WITH_ERRORS',
      acceptedCount: 1,
      rejectedCount: 1,
      acceptedPrincipalCents: '100000',
      filingDate: '2026-04-20',
      clientAddress: '127.0.0.1',
      userAgent: 'declaration-test/1.0',
    });
    const id = filed.declaration.id as string;

    const again = await upload(
      FILE,
      { certificationVersion: certification.version, idempotencyKey: 'portal-1' },
      csvOf([entries[0]!.entryNumber, protested.entryNumber]),
      adminSession,
    );
    expect(again.body.data.fileDeclaration.data).toMatchObject({ replayed: true, declaration: { id } });

    const read = await api.graphql(
      `query One($id: ID!) { declaration(id: $id) {
         status entries(outcome: REJECTED) { row entryNumber outcome reasons { code cbpMessage errorDescription fix } }
       } }`,
      { id },
      staffSession,
    );
    expect(read.data!.declaration.entries).toEqual([
      {
        row: 3,
        entryNumber: protested.entryNumber,
        outcome: 'REJECTED',
        reasons: [
          {
            code: 'OPEN_PROTEST',
            cbpMessage: 'PROTEST ON ENTRY',
            errorDescription: 'PROTEST ON ENTRY',
            fix: expect.any(String),
          },
        ],
      },
    ]);

    const csv = await download(filed.declaration.resultsDownloadPath, staffSession);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const rows = parse(csv.text, { bom: true }) as string[][];
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['ENTRY_NUMBER', 'CLAIM_NUMBER', 'STATUS', 'ERROR_DESCRIPTION'],
      [`="${entries[0]!.entryNumber}"`, `="${filed.declaration.claimNumber}"`, 'Entry Summary Updated', ''],
      [`="${protested.entryNumber}"`, `="${filed.declaration.claimNumber}"`, 'Failed', 'PROTEST ON ENTRY'],
    ]);
    // Another broker gets nothing: not the declaration, not its results.
    expect((await download(filed.declaration.resultsDownloadPath, rivalSession)).status).toBe(404);
    expect((await download(filed.declaration.resultsDownloadPath)).status).toBe(401);
    const rivalRead = await api.graphql(
      'query One($id: ID!) { declaration(id: $id) { id } }',
      { id },
      rivalSession,
    );
    expect(rivalRead.data!.declaration).toBeNull();
  });

  it('reports a failed file with its rows, and lists another filer’s entries as not permitted', async () => {
    const { body } = await upload(
      FILE,
      { certificationVersion: certification.version },
      csvOf([entries[1]!.entryNumber, rivalEntry.entryNumber, '61103162']),
      adminSession,
    );
    const declaration = body.data.fileDeclaration.data.declaration;
    expect(declaration).toMatchObject({ status: 'FAILED_INITIAL_VALIDATION', claimNumber: null });
    expect(declaration.fileProblems).toEqual([
      expect.objectContaining({
        code: 'MALFORMED_ENTRY_NUMBER',
        rows: [expect.objectContaining({ row: 4 })],
      }),
    ]);
    const csv = await download(declaration.resultsDownloadPath, adminSession);
    expect((parse(csv.text, { bom: true }) as string[][])[1]!.slice(0, 3)).toEqual([
      '4',
      '61103162',
      'MALFORMED_ENTRY_NUMBER',
    ]);
  });

  it('refuses an outdated certification and accounts without the permission, as typed errors', async () => {
    const outdated = await upload(
      FILE,
      { certificationVersion: 'outdated' },
      csvOf([entries[1]!.entryNumber]),
      adminSession,
    );
    expect(outdated.body.data.fileDeclaration).toMatchObject({ __typename: 'NotAllowedError' });
    const anonymous = await api.graphql('{ declarations { id } }');
    expect(anonymous.errors?.[0]?.message).toBeDefined();
  });
});

describe('preflight, approval and downloads over HTTP', () => {
  it('previews without filing, then holds a staff filing for an admin under the two-person rule', async () => {
    const preflight = await upload(
      `mutation Pre($file: File!) { preflightDeclaration(file: $file) { __typename
         ... on MutationPreflightDeclarationSuccess { data { status acceptedCount interestEstimateCents
           entries { entryNumber outcome interestEstimateCents schedule { action date } recipient { recipient reason }
                     otherPath { kind deadline } } } } } }`,
      {},
      csvOf([entries[2]!.entryNumber]),
      staffSession,
    );
    const data = preflight.body.data.preflightDeclaration.data;
    expect(data).toMatchObject({ status: 'ACCEPTED', acceptedCount: 1 });
    expect(data.entries[0]).toMatchObject({
      outcome: 'ACCEPTED',
      schedule: { action: 'LIQUIDATE', date: '2026-06-04' },
      recipient: { recipient: 'IMPORTER_OF_RECORD', reason: 'NO_DESIGNATION_IN_FORCE' },
      otherPath: null,
    });
    // 100,000 cents deposited 2025-06-02, corporate rates, to 2026-06-04: 6,032 cents (exact fractions).
    expect(data.entries[0].interestEstimateCents).toBe('6032');

    const rule = await api.graphql(
      'mutation { setDeclarationApprovalRule(required: true) { __typename ... on MutationSetDeclarationApprovalRuleSuccess { data } } }',
      {},
      adminSession,
    );
    expect(rule.data!.setDeclarationApprovalRule.data).toBe(true);
    const prepared = await upload(
      FILE,
      { certificationVersion: certification.version },
      csvOf([entries[2]!.entryNumber]),
      staffSession,
    );
    const held = prepared.body.data.fileDeclaration.data.declaration;
    expect(held).toMatchObject({ status: 'AWAITING_APPROVAL', claimNumber: null, resultsDownloadPath: null });
    const approved = await api.graphql(
      `mutation Approve($id: ID!, $v: String!) { approveDeclaration(id: $id, certificationVersion: $v) {
         __typename ... on MutationApproveDeclarationSuccess { data { status claimNumber decidedByUserId } } ... on Error { message } } }`,
      { id: held.id, v: certification.version },
      adminSession,
    );
    expect(approved.data!.approveDeclaration.data).toMatchObject({
      status: 'ACCEPTED',
      decidedByUserId: admin.user.id,
    });
  });

  it('serves the blank template', async () => {
    const template = await download('/declarations/template.csv');
    expect(template).toMatchObject({ status: 200, text: 'Entry Number\r\n' });
    expect((await api.graphql('{ declarationTemplate }')).data!.declarationTemplate).toBe('Entry Number\r\n');
  });
});
