// PostgreSQL's COPY text format (tab-separated columns, one row per line, \N for NULL): the encoding shared
// by every bulk load (the testkit's synthetic data, entry-summary ingestion).

/** The NULL marker of COPY text format. */
export const COPY_NULL = '\\N';

/** Escapes the characters COPY text format gives meaning to (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!)
    : value;
}
