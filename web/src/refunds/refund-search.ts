// The refunds list's filter, kept in the address (?status=HELD&from=2026-01-01&until=2026-03-31).
import { z } from 'zod';

/** The refund statuses of CAPE (RefundStatus in prisma/schema.prisma), in the order a refund moves. */
export const REFUND_STATUSES = [
  'PENDING',
  'HELD',
  'SENT_TO_TREASURY',
  'TREASURY_ISSUED',
  'FUNDS_DIVERTED',
  'ACH_RETURNED',
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

const STATUS_TEXT: Record<RefundStatus, string> = {
  PENDING: 'Pending',
  HELD: 'Held',
  SENT_TO_TREASURY: 'Sent to Treasury',
  TREASURY_ISSUED: 'Issued by Treasury',
  FUNDS_DIVERTED: 'Offset in full',
  ACH_RETURNED: 'ACH returned',
};

export function refundStatusText(status: string): string {
  return STATUS_TEXT[status as RefundStatus] ?? status;
}

const isoDate = z.iso.date('Enter a date such as 2026-03-31.');

export const RefundSearchSchema = z.object({
  status: z.enum(REFUND_STATUSES).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  until: isoDate.optional().catch(undefined),
});
export type RefundSearch = z.infer<typeof RefundSearchSchema>;

/** The filter form: empty fields mean "any"; a range must not end before it starts. */
export const RefundFilterFormSchema = z
  .object({
    status: z.union([z.literal(''), z.enum(REFUND_STATUSES)]),
    from: z.union([z.literal(''), isoDate]),
    until: z.union([z.literal(''), isoDate]),
  })
  .refine((filter) => filter.from === '' || filter.until === '' || filter.from <= filter.until, {
    path: ['until'],
    message: 'The end of the range is before its start.',
  })
  .transform(
    (filter): RefundSearch => ({
      status: filter.status || undefined,
      from: filter.from || undefined,
      until: filter.until || undefined,
    }),
  );
