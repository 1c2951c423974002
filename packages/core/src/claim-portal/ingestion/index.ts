export { INGESTION_COLUMNS, INGESTION_TEMPLATE_FILE_NAME, ingestionTemplateCsv } from './format.ts';
export {
  findEntryIngestion,
  type IngestionCursor,
  type IngestionPage,
  listEntryIngestions,
  MAX_INGESTION_PAGE_SIZE,
} from './history.ts';
export {
  type EntryIngestion,
  type EntryIngestionOutcome,
  type IngestionResult,
  type IngestionUpload,
  ingestEntrySummaries,
  MAX_INGESTION_FILE_BYTES,
  MAX_REPORTED_ERRORS,
} from './ingest.ts';
export { PSC_NOT_ALLOWED_MESSAGE } from './merge.ts';
export type { RowError } from './row-validation.ts';
