// Small hand-made worlds for processing tests: a broker, importers, entries, accepted declarations, and a
// worker to run cycles with. The tests compute their expected amounts by hand.

import type { MembershipRole, OrganizationKind } from '@cape/db';
import type { TestDatabaseClients } from '@cape/db/testing';
import type { IsoDate } from '@cape/domain';
import {
  createBrokerWithFilerCode,
  createEntrySummary,
  createOrganization,
  createUser,
  type EntrySummaryOverrides,
} from '@cape/testkit';
import type pg from 'pg';
import { databaseBusinessClock } from '../business-clock-store.ts';
import { type ServiceContext, userActor } from '../context.ts';
import { type ProcessingWorker, startProcessingWorker } from '../jobs/processing-worker.ts';
import { DEFAULT_PROCESSING_CONFIG, type ProcessingConfig } from '../processing-cycle/config.ts';
import { createProcessingPool, inTransaction } from '../processing-cycle/sql.ts';
import { createAcceptedDeclarations } from './accepted-declarations.ts';
import {
  type CycleOutcome,
  queueCycle,
  setBusinessClock,
  waitForCycle,
  waitForIdle,
} from './processing-harness.ts';

export interface ProcessingTestBed {
  pool: pg.Pool;
  worker: ProcessingWorker;
  /** Accepts the entries on declarations filed (and accepted) on `filingDate`, one per importer. */
  accept(entryIds: readonly bigint[], filingDate: IsoDate, declarantOrganizationId?: string): Promise<void>;
  /** Runs a cycle up to `throughDate` and waits for it; throws unless it succeeded. */
  runCycle(throughDate: IsoDate): Promise<CycleOutcome>;
  /** Moves the business clock (cycles the worker starts by itself run up to it). */
  setClock(date: IsoDate): Promise<void>;
  close(): Promise<void>;
}

export async function openProcessingTestBed(
  db: TestDatabaseClients,
  config: Partial<ProcessingConfig> = {},
): Promise<ProcessingTestBed> {
  const pool = createProcessingPool(db.ownerUrl, 4);
  const worker = await startProcessingWorker({
    ownerUrl: db.ownerUrl,
    concurrency: 2,
    config: { ...DEFAULT_PROCESSING_CONFIG, ...config },
    schedule: null,
    pollIntervalMs: 200,
    log: process.env.CAPE_TEST_WORKER_LOG ? (message) => console.log(`[worker] ${message}`) : () => {},
  });
  const { user } = await createUser(db.owner);
  // Cycles the worker starts by itself (an ACH enrollment releasing held refunds) run up to the business
  // date: keep it at CAPE's launch until a test moves it.
  await setBusinessClock(pool, '2026-04-20');
  return {
    pool,
    worker,
    accept: async (entryIds, filingDate, declarantOrganizationId) => {
      // Cycles the worker started by itself (ACH enrollments made by the test) finish first, so they never
      // see half a scenario.
      await waitForIdle(pool);
      await inTransaction(pool, (client) =>
        createAcceptedDeclarations(client, {
          filingDate,
          submittedByUserId: user.id,
          entryIds,
          declarantOrganizationId,
        }),
      );
    },
    runCycle: async (throughDate) => {
      const outcome = await waitForCycle(pool, await queueCycle(pool, throughDate), 30_000);
      if (outcome.status !== 'SUCCEEDED') throw new Error(`cycle ${outcome.status}: ${outcome.error}`);
      return outcome;
    },
    setClock: (date) => setBusinessClock(pool, date),
    close: async () => {
      await worker.stop();
      await pool.end();
    },
  };
}

/** A broker with a filer code and a helper to file entries under it. */
export async function brokerFiling(db: TestDatabaseClients) {
  const broker = await createBrokerWithFilerCode(db.owner);
  return {
    broker,
    entry: async (overrides: EntrySummaryOverrides) => {
      const created = await createEntrySummary(db.owner, { filerCode: broker.filerCode, ...overrides });
      return created.entrySummary.id;
    },
  };
}

/**
 * A service context for a member of an organization (a new one of `kind`, or the one given): CBP operations
 * staff reach the database as the operator role, everyone else as the application role, as in the API.
 */
export async function memberContext(
  db: TestDatabaseClients,
  kind: OrganizationKind,
  options: { organizationId?: string; role?: MembershipRole } = {},
): Promise<ServiceContext> {
  const organizationId = options.organizationId ?? (await createOrganization(db.owner, { kind })).id;
  const role = options.role ?? 'STAFF';
  const { user } = await createUser(db.owner, { organizationId, role });
  const client = kind === 'OPERATOR' ? db.operator : db.app;
  return {
    db: client,
    actor: userActor({ userId: user.id, organizationId, organizationKind: kind, role }),
    clock: databaseBusinessClock(client),
  };
}
