// CAPE processing over HTTP: who may run cycles and use the review queue, and that reports answer per tenant.
// (The processing itself is tested in @cape/core with a real worker.)
import type { AddressInfo } from 'node:net';
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createOrganization, createUser } from '@cape/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { graphqlClient } from '../http-testing.ts';
import { createApiServer } from '../server.ts';
import { TEST_API_CONFIG } from '../testing.ts';

const db = await useTestDatabase();
const server = createApiServer(db.app, TEST_API_CONFIG, { operatorPrisma: db.operator });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const api = graphqlClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const cbp = await createOrganization(db.owner, { kind: 'OPERATOR', name: 'CBP CAPE Operations' });
const operator = await createUser(db.owner, { email: 'ops@cbp.test', organizationId: cbp.id, role: 'STAFF' });
const broker = await createBrokerWithFilerCode(db.owner);
const brokerUser = await createUser(db.owner, {
  email: 'staff@broker.test',
  organizationId: broker.organizationId,
  role: 'STAFF',
});
const operatorSession = await api.signIn('ops@cbp.test', operator.password);
const brokerSession = await api.signIn('staff@broker.test', brokerUser.password);

const RUN = `mutation Run($input: RunProcessingCycleInput) {
  runProcessingCycle(input: $input) {
    __typename
    ... on RunProcessingCycleSuccess { cycle { id status throughDate stages { stage workItems } } }
    ... on Error { message }
  }
}`;

describe('processing cycles over GraphQL', () => {
  it('lets the operator run a cycle up to a date (moving the clock outside production) and follow it', async () => {
    const run = await api.graphql(RUN, { input: { throughDate: '2026-06-04' } }, operatorSession);
    expect(run.data?.runProcessingCycle).toMatchObject({
      __typename: 'RunProcessingCycleSuccess',
      cycle: { status: 'QUEUED', throughDate: '2026-06-04' },
    });
    expect(run.data?.runProcessingCycle.cycle.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'MASS_PROCESSING',
      'LIQUIDATION',
      'CONSOLIDATION',
      'PAYMENT',
    ]);
    const clock = await db.owner.businessClock.findUnique({ where: { id: 1 } });
    expect(clock?.overrideDate?.toISOString().slice(0, 10)).toBe('2026-06-04');
    const read = await api.graphql(
      'query Cycle($id: ID!) { processingCycle(id: $id) { id status } }',
      { id: run.data?.runProcessingCycle.cycle.id },
      operatorSession,
    );
    expect(read.data?.processingCycle).toEqual({
      id: run.data?.runProcessingCycle.cycle.id,
      status: 'QUEUED',
    });
    const bad = await api.graphql(RUN, { input: { throughDate: '2026-02-30' } }, operatorSession);
    expect(bad.data?.runProcessingCycle).toEqual({
      __typename: 'ValidationError',
      message: '"2026-02-30" is not a calendar date (YYYY-MM-DD).',
    });
  });

  it('refuses cycles and the review queue to a broker', async () => {
    const run = await api.graphql(RUN, { input: { throughDate: '2026-06-04' } }, brokerSession);
    expect(run.data?.runProcessingCycle ?? null).toBeNull();
    expect(run.errors?.[0]?.message).toMatch(/Not authorized|not allowed|permission/i);
    const queue = await api.graphql('{ reviewQueue { items { entryNumber } } }', {}, brokerSession);
    expect(queue.data?.reviewQueue ?? null).toBeNull();
    expect(queue.errors?.length).toBeGreaterThan(0);
    const operatorQueue = await api.graphql(
      '{ reviewQueue { items { entryNumber } nextCursor } }',
      {},
      operatorSession,
    );
    expect(operatorQueue.data?.reviewQueue).toEqual({ items: [], nextCursor: null });
  });

  it('answers the reports per tenant, as pages and as CSV', async () => {
    const page = await api.graphql(
      `{ es022Report(first: 10) { __typename ... on Es022RowPage { rows { entryNumber } nextCursor } } }`,
      {},
      brokerSession,
    );
    expect(page.data?.es022Report).toEqual({ __typename: 'Es022RowPage', rows: [], nextCursor: null });
    const csv = await api.graphql(
      `{ refundReportCsv(report: REV_603) { __typename ... on CsvDocument { fileName content rows } } }`,
      {},
      brokerSession,
    );
    expect(csv.data?.refundReportCsv).toMatchObject({ __typename: 'CsvDocument', rows: 0 });
    expect(csv.data?.refundReportCsv.content.split('\n')[0]).toBe(
      'Refund number,Refund status,Recipient number,Recipient name,Liquidation date,Entries,Principal (cents),Interest (cents),Offset (cents),Payable (cents),Sent to Treasury,Treasury issued,Treasury reference',
    );
    const invalid = await api.graphql(
      `{ rev603Report(filter: { statuses: ["PAID"] }) { __typename ... on ValidationError { message } } }`,
      {},
      brokerSession,
    );
    expect(invalid.data?.rev603Report).toMatchObject({ __typename: 'ValidationError' });
  });
});
