// Treasury pays CAPE refunds by ACH (docs/domain.md, refund payment). The platform talks to it through this
// adapter: payment instructions go out once each (Treasury deduplicates on our payment id, so a resend after a
// crash is harmless) and statuses come back as of a business date. The default adapter is a simulated
// Treasury with configurable delays; a real integration implements the same two calls.
import { addDays, compareIsoDates, type IsoDate } from '@cape/domain';
import type pg from 'pg';
import type { TreasurySimulationConfig } from '../processing-cycle/config.ts';

export interface PaymentInstruction {
  paymentId: string;
  amountCents: bigint;
  routingNumber: string;
  accountLast4: string;
}

export type TreasuryOutcome =
  | { paymentId: string; status: 'PENDING' }
  | { paymentId: string; status: 'ISSUED'; on: IsoDate }
  | { paymentId: string; status: 'RETURNED'; on: IsoDate; returnCode: string };

export interface TreasuryAdapter {
  /** Hands payments to Treasury on a business date; returns Treasury's reference for each. Idempotent. */
  submit(payments: readonly PaymentInstruction[], businessDate: IsoDate): Promise<Map<string, string>>;
  /** What became of submitted payments as of a business date. */
  outcomes(paymentIds: readonly string[], asOf: IsoDate): Promise<TreasuryOutcome[]>;
}

/** ACH return reason R03: "No account / unable to locate account". */
export const SIMULATED_RETURN_CODE = 'R03';

/**
 * A stand-in for Treasury, keeping its own ledger (simulated_treasury_payments) in a separate transaction
 * from ours, as an external system would. It issues every payment `issueDelayDays` after receiving it,
 * except payments to the configured routing numbers, which come back `returnDelayDays` after receipt.
 */
export class SimulatedTreasury implements TreasuryAdapter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly config: TreasurySimulationConfig,
  ) {}

  async submit(payments: readonly PaymentInstruction[], businessDate: IsoDate): Promise<Map<string, string>> {
    if (payments.length === 0) return new Map();
    const { rows } = await this.pool.query<{ payment_id: string; reference: string }>(
      `WITH received AS (
         INSERT INTO simulated_treasury_payments (payment_id, amount_cents, routing_number, account_last4, received_on, reference)
         SELECT p.id, p.amount, p.routing, p.last4, $5::date, 'TRS' || upper(left(md5(p.id::text), 12))
           FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[]) AS p(id, amount, routing, last4)
         ON CONFLICT (payment_id) DO NOTHING
         RETURNING payment_id, reference)
       SELECT payment_id, reference FROM received
       UNION ALL
       SELECT payment_id, reference FROM simulated_treasury_payments WHERE payment_id = ANY ($1::uuid[])`,
      [
        payments.map((p) => p.paymentId),
        payments.map((p) => p.amountCents.toString()),
        payments.map((p) => p.routingNumber),
        payments.map((p) => p.accountLast4),
        businessDate,
      ],
    );
    return new Map(rows.map((row) => [row.payment_id, row.reference]));
  }

  async outcomes(paymentIds: readonly string[], asOf: IsoDate): Promise<TreasuryOutcome[]> {
    if (paymentIds.length === 0) return [];
    const { rows } = await this.pool.query<{
      payment_id: string;
      routing_number: string;
      received_on: string;
    }>(
      `SELECT payment_id, routing_number, to_char(received_on, 'YYYY-MM-DD') AS received_on
         FROM simulated_treasury_payments WHERE payment_id = ANY ($1::uuid[])`,
      [paymentIds],
    );
    const known = new Map(rows.map((row) => [row.payment_id, row]));
    return paymentIds.map((paymentId): TreasuryOutcome => {
      const row = known.get(paymentId);
      if (!row) return { paymentId, status: 'PENDING' };
      if (this.config.returnRoutingNumbers.includes(row.routing_number)) {
        const on = addDays(row.received_on, this.config.returnDelayDays);
        return compareIsoDates(on, asOf) <= 0
          ? { paymentId, status: 'RETURNED', on, returnCode: SIMULATED_RETURN_CODE }
          : { paymentId, status: 'PENDING' };
      }
      const on = addDays(row.received_on, this.config.issueDelayDays);
      return compareIsoDates(on, asOf) <= 0
        ? { paymentId, status: 'ISSUED', on }
        : { paymentId, status: 'PENDING' };
    });
  }
}
