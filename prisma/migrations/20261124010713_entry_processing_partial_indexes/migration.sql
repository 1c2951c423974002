-- DropIndex
DROP INDEX "entry_processing_state_recipient_bucket_idx";

-- DropIndex
DROP INDEX "entry_processing_state_scheduled_date_idx";

-- Each stage finds its entries through a small partial index of the state it reads: entries leave the index
-- as they move on, so a cycle never scans entries that are already refunded.
CREATE INDEX entry_processing_scheduled_idx ON "entry_processing" (scheduled_date) WHERE state = 'SCHEDULED';
CREATE INDEX entry_processing_awaiting_liquidation_idx ON "entry_processing" (entry_summary_id)
  WHERE state = 'AWAITING_LIQUIDATION';
CREATE INDEX entry_processing_liquidated_idx ON "entry_processing" (recipient_bucket) WHERE state = 'LIQUIDATED';
CREATE INDEX entry_processing_review_queue_idx ON "entry_processing" (state, entry_summary_id)
  WHERE state IN ('AWAITING_REVIEW', 'HELD', 'NOT_SCHEDULABLE');

-- processing_bucket is a plain immutable function: without a SET clause it can be inlined into the
-- statements that call it for every row.
ALTER FUNCTION processing_bucket(uuid, integer) RESET search_path;
