// Test and benchmark support for processing: run a cycle to its end with a worker, and read back a canonical
// dump of everything processing decided (to compare runs byte for byte).
import type { IsoDate } from '@cape/domain';
import type pg from 'pg';

export interface CycleOutcome {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  error: string | null;
}

/**
 * Queues a cycle up to `throughDate` as the operator's request does (moving the business clock there first,
 * so cycles the worker starts by itself, e.g. after an ACH enrollment, see the same day) and returns its id.
 */
export async function queueCycle(pool: pg.Pool, throughDate: IsoDate): Promise<string> {
  await setBusinessClock(pool, throughDate);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO processing_cycles (id, through_date, status, requested_by)
     VALUES (gen_random_uuid(), $1::date, 'QUEUED', 'test') RETURNING id`,
    [throughDate],
  );
  return rows[0]!.id;
}

export async function setBusinessClock(pool: pg.Pool, date: IsoDate): Promise<void> {
  await pool.query(
    `INSERT INTO business_clock (id, override_date) VALUES (1, $1::date)
     ON CONFLICT (id) DO UPDATE SET override_date = EXCLUDED.override_date, set_at = now()`,
    [date],
  );
}

/** Polls `check` until it holds (a worker acting on its own, e.g. releasing held refunds). */
export async function waitForCondition(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until no cycle is queued or running (cycles the worker started by itself have finished). */
export async function waitForIdle(pool: pg.Pool, timeoutMs = 60_000): Promise<void> {
  await waitForCondition(async () => {
    const { rows } = await pool.query(
      `SELECT 1 FROM processing_cycles WHERE status IN ('QUEUED', 'RUNNING') LIMIT 1`,
    );
    return rows.length === 0;
  }, timeoutMs);
}

export async function waitForCycle(
  pool: pg.Pool,
  cycleId: string,
  timeoutMs = 120_000,
): Promise<CycleOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<CycleOutcome>(
      'SELECT id, status, error FROM processing_cycles WHERE id = $1',
      [cycleId],
    );
    const cycle = rows[0];
    if (!cycle) throw new Error(`cycle ${cycleId} does not exist`);
    if (cycle.status === 'SUCCEEDED' || cycle.status === 'FAILED') return cycle;
    if (Date.now() > deadline)
      throw new Error(`cycle ${cycleId} still ${cycle.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Everything processing decided, in a canonical text form: entry processing, refunds, refund entries,
 * offsets, status histories, payments and the new entry versions, without ids or instants that differ
 * between runs (line ids, event ids, timestamps). Two runs that decided the same produce the same text.
 */
export async function canonicalDump(pool: pg.Pool): Promise<string> {
  const sections: [string, string][] = [
    [
      'entry_processing',
      `SELECT e.entry_number, p.state, p.principal_cents, p.unrefunded_ieepa_cents, p.review_flags, p.source_version,
              p.cape_version, p.liquidation_kind, p.scheduled_date, p.liquidated_on, p.interest_cents, p.interest_days,
              p.interest_rates_version, rp.party_number AS recipient, p.recipient_reason, r.refund_number
         FROM entry_processing p JOIN entry_summaries e ON e.id = p.entry_summary_id
         LEFT JOIN parties rp ON rp.id = p.recipient_party_id LEFT JOIN refunds r ON r.id = p.refund_id
        ORDER BY e.entry_number`,
    ],
    [
      'refunds',
      `SELECT r.id, r.refund_number, p.party_number, r.liquidation_date, r.supplement, r.principal_cents, r.interest_cents,
              r.offset_cents, r.payable_cents, r.status, r.held_reason, r.closed_on
         FROM refunds r JOIN parties p ON p.id = r.recipient_party_id ORDER BY r.refund_number`,
    ],
    [
      'refund_entries',
      `SELECT r.refund_number, e.entry_number, re.principal_cents, re.interest_cents, re.deposit_date,
              re.liquidation_date, re.rates_version
         FROM refund_entries re JOIN refunds r ON r.id = re.refund_id JOIN entry_summaries e ON e.id = re.entry_summary_id
        ORDER BY r.refund_number, e.entry_number`,
    ],
    [
      'refund_offsets',
      `SELECT o.id, r.refund_number, d.bill_number, o.amount_cents, o.applied_on
         FROM refund_offsets o JOIN refunds r ON r.id = o.refund_id JOIN debts d ON d.id = o.debt_id
        ORDER BY r.refund_number, d.bill_number`,
    ],
    [
      'refund_status_events',
      `SELECT r.refund_number, s.status, s.business_date, s.detail
         FROM refund_status_events s JOIN refunds r ON r.id = s.refund_id ORDER BY r.refund_number, s.id`,
    ],
    [
      'treasury_payments',
      `SELECT t.id, r.refund_number, t.attempt, t.amount_cents, t.routing_number, t.status, t.ready_on, t.sent_on,
              t.issued_on, t.returned_on, t.return_code, t.treasury_reference
         FROM treasury_payments t JOIN refunds r ON r.id = t.refund_id ORDER BY r.refund_number, t.attempt`,
    ],
    ['debts', 'SELECT bill_number, outstanding_cents FROM debts ORDER BY bill_number'],
    [
      'cape_versions',
      `SELECT e.entry_number, v.version_number, v.reason, v.total_duty_cents,
              (SELECT string_agg(l.line_number || ':' || t.sequence || ':' || t.hts_number || ':' || t.duty_cents, ' '
                                 ORDER BY l.line_number, t.sequence)
                 FROM entry_lines l JOIN entry_line_tariffs t ON t.entry_line_id = l.id
                WHERE l.entry_summary_id = v.entry_summary_id AND l.version_number = v.version_number) AS tariffs
         FROM entry_summary_versions v JOIN entry_summaries e ON e.id = v.entry_summary_id
        WHERE v.reason = 'CAPE_IEEPA_REMOVED' ORDER BY e.entry_number`,
    ],
    [
      'entry_headers',
      `SELECT e.entry_number, e.current_version, e.total_duty_cents, e.ieepa_duty_cents, e.liquidation_status,
              e.liquidation_date
         FROM entry_summaries e WHERE EXISTS (SELECT 1 FROM entry_processing p WHERE p.entry_summary_id = e.id)
        ORDER BY e.entry_number`,
    ],
    [
      'outbox_events',
      `SELECT subject_type, subject_id, event_type, business_date, organization_ids, entry_summary_ids, payload
         FROM outbox_events WHERE subject_type <> 'PROCESSING_CYCLE'
        ORDER BY subject_type, subject_id, event_type, business_date, entry_summary_ids::text, payload::text`,
    ],
  ];
  const parts: string[] = [];
  for (const [name, sql] of sections) {
    const { rows } = await pool.query({ text: sql, rowMode: 'array' });
    parts.push(`# ${name}`, ...rows.map((row: unknown[]) => JSON.stringify(row, jsonValue)));
  }
  return `${parts.join('\n')}\n`;
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
