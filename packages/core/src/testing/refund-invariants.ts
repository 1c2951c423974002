// An independent check of what processing produced, straight from the tables (not from the columns the
// processing code computed for itself):
// 1. the principal refunded equals the IEEPA duty removed: for every refunded entry, the duty of the tariffs
//    of its source version that are missing from its CAPE_IEEPA_REMOVED version;
// 2. each entry is refunded at most once;
// 3. each refund equals the sum of its entries (principal, interest) less its offsets, and its payable amount
//    what is left.
import type pg from 'pg';

export interface RefundInvariantReport {
  refundedEntries: number;
  refunds: number;
  principalRefundedCents: bigint;
  ieepaRemovedCents: bigint;
  entriesRefundedTwice: number;
  refundsNotMatchingEntries: string[];
}

export async function checkRefundInvariants(pool: pg.Pool): Promise<RefundInvariantReport> {
  const removed = await pool.query<{ entries: string; principal: string; removed: string }>(`
    WITH refunded AS (
      SELECT re.entry_summary_id, re.principal_cents FROM refund_entries re),
    source_version AS (
      SELECT r.entry_summary_id, v.version_number AS cape_version,
             (SELECT max(o.version_number) FROM entry_summary_versions o
               WHERE o.entry_summary_id = r.entry_summary_id AND o.version_number < v.version_number) AS source_version
        FROM refunded r
        JOIN entry_summary_versions v ON v.entry_summary_id = r.entry_summary_id AND v.reason = 'CAPE_IEEPA_REMOVED'),
    removed AS (
      SELECT s.entry_summary_id, sum(t.duty_cents) AS duty
        FROM source_version s
        JOIN entry_lines l ON l.entry_summary_id = s.entry_summary_id AND l.version_number = s.source_version
        JOIN entry_line_tariffs t ON t.entry_line_id = l.id
       WHERE NOT EXISTS (
         SELECT 1 FROM entry_lines nl JOIN entry_line_tariffs nt ON nt.entry_line_id = nl.id
          WHERE nl.entry_summary_id = s.entry_summary_id AND nl.version_number = s.cape_version
            AND nl.line_number = l.line_number AND nt.sequence = t.sequence)
       GROUP BY s.entry_summary_id)
    SELECT count(*) AS entries, coalesce(sum(r.principal_cents), 0) AS principal,
           coalesce(sum(coalesce(m.duty, 0)), 0) AS removed
      FROM refunded r LEFT JOIN removed m ON m.entry_summary_id = r.entry_summary_id`);
  const twice = await pool.query<{ n: string }>(`
    SELECT count(*) AS n FROM (SELECT entry_summary_id FROM refund_entries GROUP BY entry_summary_id HAVING count(*) > 1) AS x`);
  const mismatched = await pool.query<{ refund_number: string }>(`
    SELECT r.refund_number
      FROM refunds r
      LEFT JOIN (SELECT refund_id, sum(principal_cents) AS principal, sum(interest_cents) AS interest
                   FROM refund_entries GROUP BY refund_id) AS e ON e.refund_id = r.id
      LEFT JOIN (SELECT refund_id, sum(amount_cents) AS offsets FROM refund_offsets GROUP BY refund_id) AS o
             ON o.refund_id = r.id
     WHERE r.principal_cents IS DISTINCT FROM coalesce(e.principal, 0)
        OR r.interest_cents IS DISTINCT FROM coalesce(e.interest, 0)
        OR r.offset_cents IS DISTINCT FROM coalesce(o.offsets, 0)
        OR r.payable_cents <> coalesce(e.principal, 0) + coalesce(e.interest, 0) - coalesce(o.offsets, 0)
     ORDER BY r.refund_number`);
  const refunds = await pool.query<{ n: string }>('SELECT count(*) AS n FROM refunds');
  return {
    refundedEntries: Number(removed.rows[0]!.entries),
    refunds: Number(refunds.rows[0]!.n),
    principalRefundedCents: BigInt(removed.rows[0]!.principal),
    ieepaRemovedCents: BigInt(removed.rows[0]!.removed),
    entriesRefundedTwice: Number(twice.rows[0]!.n),
    refundsNotMatchingEntries: mismatched.rows.map((row) => row.refund_number),
  };
}
