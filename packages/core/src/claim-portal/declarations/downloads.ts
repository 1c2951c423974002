// The declaration downloads: the blank template, and a declaration's results. A filed declaration's results
// have CBP's Claim Details columns first (ENTRY_NUMBER, CLAIM_NUMBER, STATUS, ERROR_DESCRIPTION; numbers as
// ="..." so Excel keeps them as text, as ACE writes them), then ours. A declaration that failed initial
// validation gets its Validation Result File: every problem with its row. Every cell that a spreadsheet
// would read as a formula (=, +, -, @, tab, carriage return) is neutralized, except our own ="..." numbers.
import { withTenant } from '@cape/db';
import { stringify } from 'csv-stringify/sync';
import { requireTenantActor } from '../../authorization.ts';
import { type ServiceContext, tenantOfActor } from '../../context.ts';
import { NotAllowedError } from '../../errors.ts';
import { DECLARATION_HEADER } from './declaration-file.ts';
import { reasonViews } from './declaration-queries.ts';
import { DECLARATION_SELECT, declarationView } from './declaration-records.ts';

export interface CsvDownload {
  fileName: string;
  content: string;
}

/** The upload template (CBP's ACEP_CapeEntryNumberUploadTemplate as CSV): the header and nothing else. */
export function declarationTemplate(): CsvDownload {
  return { fileName: 'ACEP_CapeEntryNumberUploadTemplate.csv', content: `${DECLARATION_HEADER}\r\n` };
}

/** A cell a spreadsheet must show as text: formula triggers get a leading apostrophe. */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** ACE's way of writing a number Excel must not reformat: ="..." (only for our own digits and letters). */
function excelTextNumber(value: string): string {
  if (!/^[A-Z0-9]+$/.test(value)) throw new Error(`Not a number for an Excel text formula: ${value}`);
  return `="${value}"`;
}

/** Cents as dollars with two decimals, exactly ("123456" -> "1234.56"). */
export function dollars(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const CLAIM_DETAILS_COLUMNS = [
  'ENTRY_NUMBER',
  'CLAIM_NUMBER',
  'STATUS',
  'ERROR_DESCRIPTION',
  'REASON_CODE',
  'FIX',
  'DETAIL',
  'ROW',
  'IEEPA_PRINCIPAL_USD',
];
const VALIDATION_RESULT_COLUMNS = ['ROW', 'VALUE', 'PROBLEM_CODE', 'PROBLEM', 'SUGGESTION'];

function csv(columns: string[], rows: string[][]): string {
  return stringify(rows, { header: true, columns, record_delimiter: 'windows', bom: true });
}

/** A declaration's results as CSV; null when it is not the account's (or does not exist). */
export async function declarationResults(
  context: ServiceContext,
  declarationId: string,
): Promise<CsvDownload | null> {
  const actor = requireTenantActor(context.actor, 'declaration:read');
  if (!/^[0-9a-f-]{36}$/i.test(declarationId)) return null;
  return await withTenant(context.db, tenantOfActor(actor), async (tx) => {
    const row = await tx.capeDeclaration.findUnique({
      where: { id: declarationId },
      select: DECLARATION_SELECT,
    });
    if (row === null) return null;
    const declaration = declarationView(row);
    if (declaration.status === 'FAILED_INITIAL_VALIDATION') {
      const lines = declaration.fileProblems.flatMap((problem) =>
        problem.rows.length === 0
          ? [['', '', problem.code, spreadsheetText(problem.message), '']]
          : problem.rows.map((r) => [
              String(r.row),
              spreadsheetText(r.value),
              problem.code,
              spreadsheetText(r.detail),
              r.suggestion ?? '',
            ]),
      );
      return {
        fileName: `CAPE_Validation_Result_${declaration.id}.csv`,
        content: csv(VALIDATION_RESULT_COLUMNS, lines),
      };
    }
    if (declaration.claimNumber === null) {
      throw new NotAllowedError('This declaration has not been filed, so it has no results yet.');
    }
    const claim = excelTextNumber(declaration.claimNumber);
    const entries = await tx.declarationEntry.findMany({
      where: { declarationId },
      orderBy: { rowNumber: 'asc' },
    });
    const lines = entries.map((entry) => {
      const reasons = reasonViews(entry.reasonCodes, entry.reasonDetails);
      return [
        entry.entryNumber === null ? spreadsheetText(entry.rawValue) : excelTextNumber(entry.entryNumber),
        claim,
        entry.outcome === 'ACCEPTED' ? 'Entry Summary Updated' : 'Failed',
        reasons.map((r) => r.errorDescription).join('; '),
        reasons.map((r) => r.code).join('; '),
        spreadsheetText(reasons.map((r) => r.fix).join(' ')),
        spreadsheetText(reasons.map((r) => r.detail).join(' ')),
        String(entry.rowNumber),
        entry.ieepaPrincipalCents === null ? '' : dollars(entry.ieepaPrincipalCents),
      ];
    });
    return {
      fileName: `CAPE_Claim_Details_${declaration.claimNumber}.csv`,
      content: csv(CLAIM_DETAILS_COLUMNS, lines),
    };
  });
}
