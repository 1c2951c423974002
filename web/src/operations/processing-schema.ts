import { z } from 'zod';

/** The through date of a processing cycle: empty (today, as the API decides) or a real calendar date. */
export const ThroughDateSchema = z.union([z.literal(''), z.iso.date('Enter a date such as 2026-03-31.')]);
