// The upload's rules on this side (a chosen, non-empty CSV file) and the shape of the API's answer, read
// with zod: the streaming route answers plain JSON, not typed GraphQL.
import { z } from 'zod';

/** The API's routes (api/src/ingestion-routes.ts). */
export const INGESTION_UPLOAD_PATH = '/ingestion/entry-summaries';
export const INGESTION_TEMPLATE_PATH = '/ingestion/entry-summaries/template.csv';

export const IngestionFileSchema = z
  .instanceof(File, { message: 'Choose the CSV file to upload.' })
  .refine((file) => /\.csv$/i.test(file.name) || file.type === 'text/csv', {
    message: 'Upload a CSV file (.csv); save a spreadsheet as “CSV (Comma delimited)” first.',
  })
  .refine((file) => file.size > 0, { message: 'The file is empty.' });

const RowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  problem: z.string(),
  fix: z.string(),
});

const ReportFields = {
  id: z.string(),
  fileName: z.string(),
  businessDate: z.string().nullish(),
  outcome: z.enum(['LOADED', 'REFUSED']),
  rowCount: z.number().int(),
  entryCount: z.number().int(),
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  versionedCount: z.number().int(),
  unchangedCount: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(RowErrorSchema),
};

/** A report as GraphQL's EntryIngestion gives it, and as the page shows it. */
export const IngestionReportSchema = z.object({ ...ReportFields, uploadedAt: z.string() });
export type IngestionReportData = z.infer<typeof IngestionReportSchema>;

/** The upload route answers the stored record, whose upload time is its start. */
const UploadAnswerSchema = z
  .object({ ...ReportFields, startedAt: z.string() })
  .transform(({ startedAt, ...report }): IngestionReportData => ({ ...report, uploadedAt: startedAt }));

/** What the upload route answers: the upload's report, or why it refused the request. */
export const IngestionAnswerSchema = z.union([
  UploadAnswerSchema,
  z.object({ errors: z.array(z.object({ message: z.string() })).min(1) }),
]);

/** ?upload=<id>: the report of an earlier upload. */
export const IngestSearchSchema = z.object({
  upload: z.uuid().optional().catch(undefined),
});
