// Display formatting. Money arrives as a Cents string of digits and is formatted by string manipulation
// only: it never passes through a JavaScript number, so large amounts are exact.

const CENTS = /^(-?)(\d+)$/;

/** "123456" → "$1,234.56"; "0" → "$0.00"; "-5" → "-$0.05". Throws on anything but an integer string. */
export function formatCents(cents: string): string {
  const match = CENTS.exec(cents.trim());
  if (!match) throw new RangeError(`Not an amount in cents: "${cents}"`);
  const sign = match[1] ?? '';
  const digits = (match[2] ?? '').replace(/^0+(?=\d)/, '').padStart(3, '0');
  const dollars = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = sign === '-' && /[1-9]/.test(digits);
  return `${negative ? '-' : ''}$${dollars}.${digits.slice(-2)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A business date "2025-04-09" → "Apr 9, 2025", with no time zone involved. Unknown shapes pass through. */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return date;
  return `${month} ${Number(match[3])}, ${match[1]}`;
}

const DATE_TIME = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** An instant (ISO 8601) in the reader's time zone: "Nov 24, 2026, 1:18 AM". Unparsable text passes through. */
export function formatDateTime(instant: string): string {
  const time = Date.parse(instant);
  return Number.isNaN(time) ? instant : DATE_TIME.format(time);
}

/** "UNDER_REVIEW" → "Under review". */
export function humanize(constant: string): string {
  const words = constant.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 1 → "1 entry", 1234 → "1,234 entries". */
export function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}

const ENTRY_TYPES: Record<string, string> = {
  '01': 'Consumption',
  '02': 'Consumption – quota/visa',
  '03': 'Consumption – AD/CVD',
  '06': 'Consumption – FTZ',
  '07': 'Consumption – quota/visa + AD/CVD',
  '11': 'Informal',
  '21': 'Warehouse',
  '23': 'Temporary importation bond',
  '31': 'Warehouse withdrawal – consumption',
  '34': 'Warehouse withdrawal – AD/CVD',
  '38': 'Warehouse withdrawal – quota/visa + AD/CVD',
};

/** The CBP entry type code's usual name, when it is a common one. */
export function entryTypeName(code: string): string | undefined {
  return ENTRY_TYPES[code];
}

const FLAGS: Record<string, { label: string; description: string }> = {
  RECONCILIATION: { label: 'Reconciliation', description: 'Flagged for reconciliation' },
  DRAWBACK: { label: 'Drawback', description: 'Designated for drawback' },
  OPEN_PROTEST: { label: 'Open protest', description: 'A protest is open on this entry' },
  ADCVD_1504D: { label: 'AD/CVD 1504(d)', description: 'AD/CVD liquidation pending under 19 U.S.C. 1504(d)' },
  NOT_IN_ACE: { label: 'Not in ACE', description: 'The entry summary is not in ACE' },
};

export function flagLabel(flag: string): { label: string; description: string } {
  return FLAGS[flag] ?? { label: humanize(flag), description: humanize(flag) };
}
