// Entry-summary ingestion over HTTP, as the portal and integrators use it: the template (GraphQL field and
// download), a GraphQL multipart upload (with the CSRF header), the streaming upload route, and the record of
// past uploads per organization.
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createUser } from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type Json, startTestApi } from '../http-testing.ts';
import { TEST_API_CONFIG } from '../testing.ts';

const db = await useTestDatabase();
await db.owner.businessClock.create({ data: { id: 1, overrideDate: new Date('2026-04-20T00:00:00Z') } });
// B76: the filer code of the template's example entry (B76-0324527-8, docs/domain.md 1.3).
const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage', filerCode: 'B76' });
const rival = await createBrokerWithFilerCode(db.owner, { name: 'Rival Brokerage', filerCode: 'R2D' });
const staff = await createUser(db.owner, {
  email: 'staff@harbor.test',
  organizationId: harbor.organizationId,
  role: 'STAFF',
});
const rivalStaff = await createUser(db.owner, {
  email: 'staff@rival.test',
  organizationId: rival.organizationId,
  role: 'STAFF',
});

const api = await startTestApi(db.app, TEST_API_CONFIG);
afterAll(() => api.close());
const session = await api.signIn('staff@harbor.test', staff.password);
const rivalSession = await api.signIn('staff@rival.test', rivalStaff.password);

const HEADER =
  'Entry Number,Entry Type,IOR Number,Notify Party Number,Port Code,Entry Date,Deposit Date,Summary Status,' +
  'Liquidation Status,Liquidation Date,Reconciliation Flagged,Reconciliation Entry Filed,Drawback Designated,' +
  'Open Protest,ADCVD 1504d Pending,IEEPA Paid By Surety,In ACE,Line Number,Country Of Origin,Entered Value,' +
  'Tariff Sequence,HTS Number,Rate,Duty Amount';

const INGEST = `mutation Ingest($file: File!) {
  ingestEntrySummaries(file: $file) {
    __typename
    ... on MutationIngestEntrySummariesSuccess {
      data { id outcome fileName fileSha256 rowCount entryCount createdCount errorCount errors { row column value problem fix } }
    }
    ... on Error { message }
  }
}`;

async function multipartUpload(
  csv: string,
  headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' },
) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: INGEST, variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([csv], { type: 'text/csv' }), 'template.csv');
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session}`, ...headers },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function streamUpload(body: string, headers: Record<string, string>) {
  const response = await fetch(`${api.url}/ingestion/entry-summaries?fileName=june.csv`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('entry-summary ingestion over HTTP', () => {
  it('serves the template as a GraphQL field and as a download, the same text', async () => {
    const field = await api.graphql('{ entryIngestionTemplate }', {}, session);
    const download = await fetch(`${api.url}/ingestion/entry-summaries/template.csv`);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const text = await download.text();
    expect(text).toBe(field.data?.entryIngestionTemplate);
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(text.split('\r\n').filter((line) => line !== '')).toHaveLength(3);
  });

  it('loads the template through a GraphQL multipart upload, which needs the CSRF header', async () => {
    const template = await (await fetch(`${api.url}/ingestion/entry-summaries/template.csv`)).text();
    const withoutHeader = await multipartUpload(template, {});
    expect(withoutHeader.status).toBe(403);
    const { body } = await multipartUpload(template);
    expect(body.data.ingestEntrySummaries).toMatchObject({
      __typename: 'MutationIngestEntrySummariesSuccess',
      data: {
        outcome: 'LOADED',
        fileName: 'template.csv',
        rowCount: 2,
        entryCount: 1,
        createdCount: 1,
        errorCount: 0,
      },
    });
    const entry = await db.owner.entrySummary.findUniqueOrThrow({ where: { entryNumber: 'B7603245278' } });
    // The example: 9903.01.25 at 10% of $10,000.00 on 2025-06-02 is refundable IEEPA duty.
    expect([entry.totalDutyCents, entry.ieepaDutyCents]).toEqual([100_000n, 100_000n]);
  });

  it('streams a CSV body into the same service: 200 loaded, 422 refused with the errors, 401 and 415 unread', async () => {
    const row =
      'B76-0324527-8,01,12-345678900,,2704,2025-06-02,2025-06-12,ACCEPTED,LIQUIDATED,2026-04-10,N,N,N,N,N,N,Y,1,VN,10000.00';
    const liquidated = `${HEADER}\r\n${row},1,8471.30.0100,Free,0.00\r\n${row},2,9903.01.25,10%,1000.00\r\n`;
    const auth = { authorization: `Bearer ${session}`, 'content-type': 'text/csv' };
    const loaded = await streamUpload(liquidated, auth);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({
      outcome: 'LOADED',
      fileName: 'june.csv',
      updatedCount: 1,
      fileSizeBytes: String(liquidated.length),
    });
    const refused = await streamUpload(liquidated.replace('1000.00', '1000.005'), auth);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'Duty Amount', value: '1000.005' }),
    ]);
    expect((await streamUpload(liquidated, { 'content-type': 'text/csv' })).status).toBe(401);
    expect((await streamUpload(liquidated, { ...auth, 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('lists an organization’s own ingestions only', async () => {
    const LIST = `{ entryIngestions(first: 10) { edges { node { id outcome fileName organizationId } } } }`;
    const mine = (await api.graphql(LIST, {}, session)).data?.entryIngestions.edges.map((e: Json) => e.node);
    expect(mine.map((n: Json) => [n.fileName, n.outcome])).toEqual([
      ['june.csv', 'REFUSED'],
      ['june.csv', 'LOADED'],
      ['template.csv', 'LOADED'],
    ]);
    const theirs = (await api.graphql(LIST, {}, rivalSession)).data?.entryIngestions.edges;
    expect(theirs).toEqual([]);
    const ONE = 'query One($id: ID!) { entryIngestion(id: $id) { id outcome } }';
    expect((await api.graphql(ONE, { id: mine[0].id }, rivalSession)).data?.entryIngestion).toBeNull();
    expect((await api.graphql(ONE, { id: mine[0].id }, session)).data?.entryIngestion).toEqual({
      id: mine[0].id,
      outcome: 'REFUSED',
    });
  });
});
