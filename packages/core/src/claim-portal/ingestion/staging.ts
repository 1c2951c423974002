// The staging table the validated rows are streamed into with COPY, inside the ingestion's transaction.
// It is a temporary table (private to the connection, dropped at commit or rollback): nothing of a file
// is visible to anyone before the whole file has been checked and merged.
import { COPY_NULL, copyText } from '@cape/db';
import type { EntryHeader, IngestionRow } from './row-validation.ts';

export const CREATE_STAGING_TABLES = `
  CREATE TEMPORARY TABLE ingest_rows (
    row_number                      integer              NOT NULL,
    entry_number                    char(11)             NOT NULL,
    filer_code                      char(3)              NOT NULL,
    entry_type                      char(2)              NOT NULL,
    ior_number                      text                 NOT NULL,
    ior_number_kind                 "PartyNumberKind"    NOT NULL,
    notify_party_number             text,
    notify_party_number_kind        "PartyNumberKind",
    port_code                       char(4)              NOT NULL,
    entry_date                      date                 NOT NULL,
    deposit_date                    date                 NOT NULL,
    summary_status                  "EntrySummaryStatus" NOT NULL,
    liquidation_status              "LiquidationStatus"  NOT NULL,
    liquidation_date                date,
    reconciliation_flagged          boolean              NOT NULL,
    reconciliation_entry_filed      boolean              NOT NULL,
    drawback_designated             boolean              NOT NULL,
    open_protest                    boolean              NOT NULL,
    adcvd_pending_liquidation_1504d boolean              NOT NULL,
    ieepa_duty_paid_by_surety       boolean              NOT NULL,
    in_ace                          boolean              NOT NULL,
    line_number                     integer              NOT NULL,
    country_of_origin               char(2)              NOT NULL,
    entered_value_cents             bigint               NOT NULL,
    tariff_sequence                 integer              NOT NULL,
    hts_number                      varchar(10)          NOT NULL,
    tariff_class                    "TariffClass"        NOT NULL,
    rate_text                       text                 NOT NULL,
    duty_cents                      bigint               NOT NULL,
    refundable_ieepa                boolean              NOT NULL
  ) ON COMMIT DROP;
  CREATE TEMPORARY TABLE ingest_errors (
    row_number  integer NOT NULL,
    column_name text,
    value       text,
    problem     text    NOT NULL,
    fix         text    NOT NULL
  ) ON COMMIT DROP;
`;

export const COPY_STAGED_ROWS = 'COPY ingest_rows FROM STDIN';

function flag(value: boolean): string {
  return value ? 't' : 'f';
}

// The header columns of a row in COPY text, made once per entry (every row of an entry shares its header).
const headerTexts = new WeakMap<EntryHeader, string>();

function headerText(header: EntryHeader): string {
  let text = headerTexts.get(header);
  if (text === undefined) {
    text = [
      header.entryNumber,
      header.filerCode,
      header.entryType,
      header.iorNumber,
      header.iorNumberKind,
      header.notifyPartyNumber ?? COPY_NULL,
      header.notifyPartyNumberKind ?? COPY_NULL,
      header.portCode,
      header.entryDate,
      header.depositDate,
      header.summaryStatus,
      header.liquidationStatus,
      header.liquidationDate ?? COPY_NULL,
      flag(header.reconciliationFlagged),
      flag(header.reconciliationEntryFiled),
      flag(header.drawbackDesignated),
      flag(header.openProtest),
      flag(header.adcvdPendingLiquidation1504d),
      flag(header.ieepaDutyPaidBySurety),
      flag(header.inAce),
    ].join('\t');
    headerTexts.set(header, text);
  }
  return text;
}

/** One staged row in COPY text format, in the column order of ingest_rows. */
export function stagedRowText(row: IngestionRow): string {
  return (
    `${row.row}\t${headerText(row.header)}\t${row.lineNumber}\t${row.countryOfOrigin}\t${row.enteredValueCents}\t` +
    `${row.tariffSequence}\t${row.htsNumber}\t${row.tariffClass}\t${copyText(row.rateText)}\t${row.dutyCents}\t` +
    `${flag(row.refundableIeepa)}\n`
  );
}
