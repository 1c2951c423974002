// CAPE's processing after acceptance (docs/processing.md): what the API, the worker command, scripts and the
// ingestion use. The stages themselves are internal to the worker.
export * from './jobs/processing-worker.ts';
export * from './processing-cycle/config.ts';
export * from './processing-cycle/cycle-service.ts';
export { type OutboxEventInput, type OutboxSubject, recordOutboxEvent } from './processing-cycle/outbox.ts';
export * from './refund-consolidation/treasury.ts';
export * from './reports/refund-reports.ts';
export * from './review-and-liquidation/ace-liquidation.ts';
export * from './review-and-liquidation/review-flags.ts';
export * from './review-and-liquidation/review-queue.ts';
