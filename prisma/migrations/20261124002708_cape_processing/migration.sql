-- CreateEnum
CREATE TYPE "RefundHoldReason" AS ENUM ('NO_ACH_ENROLLMENT', 'ACH_RETURNED');

-- CreateEnum
CREATE TYPE "EntryProcessingState" AS ENUM ('AWAITING_REVIEW', 'HELD', 'SCHEDULED', 'AWAITING_LIQUIDATION', 'NOT_SCHEDULABLE', 'LIQUIDATED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "LiquidationKind" AS ENUM ('LIQUIDATION', 'RELIQUIDATION', 'ACE_LIQUIDATION');

-- CreateEnum
CREATE TYPE "OutboxSubject" AS ENUM ('DECLARATION', 'ENTRY', 'REFUND', 'PROCESSING_CYCLE');

-- CreateEnum
CREATE TYPE "ProcessingCycleStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ProcessingStage" AS ENUM ('MASS_PROCESSING', 'LIQUIDATION', 'CONSOLIDATION', 'PAYMENT');

-- CreateEnum
CREATE TYPE "WorkItemStatus" AS ENUM ('PENDING', 'DONE');

-- CreateEnum
CREATE TYPE "TreasuryPaymentStatus" AS ENUM ('READY', 'SENT', 'ISSUED', 'RETURNED');

-- DropIndex
DROP INDEX "refunds_recipient_party_id_liquidation_date_key";

-- AlterTable
ALTER TABLE "refund_offsets" ADD COLUMN     "applied_on" DATE NOT NULL;

-- AlterTable
ALTER TABLE "refund_status_events" ADD COLUMN     "business_date" DATE NOT NULL;

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "closed_on" DATE,
ADD COLUMN     "held_reason" "RefundHoldReason",
ADD COLUMN     "supplement" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "entry_processing" (
    "entry_summary_id" BIGINT NOT NULL,
    "declaration_id" UUID NOT NULL,
    "declaration_row_number" INTEGER NOT NULL,
    "declarant_organization_id" UUID NOT NULL,
    "filer_organization_id" UUID NOT NULL,
    "importer_organization_id" UUID,
    "importer_party_id" UUID NOT NULL,
    "acceptance_date" DATE NOT NULL,
    "state" "EntryProcessingState" NOT NULL,
    "state_changed_on" DATE NOT NULL,
    "source_version" INTEGER NOT NULL,
    "cape_version" INTEGER,
    "principal_cents" BIGINT NOT NULL,
    "unrefunded_ieepa_cents" BIGINT NOT NULL,
    "review_flags" TEXT[],
    "review_reason" TEXT,
    "reviewed_by_user_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "liquidation_kind" "LiquidationKind",
    "scheduled_date" DATE,
    "original_liquidation_date" DATE,
    "reliquidation_deadline" DATE,
    "schedule_note" TEXT,
    "timing_version" TEXT NOT NULL,
    "liquidated_on" DATE,
    "interest_cents" BIGINT,
    "interest_days" INTEGER,
    "interest_rates_version" TEXT,
    "recipient_party_id" UUID,
    "recipient_reason" TEXT,
    "recipient_bucket" SMALLINT,
    "refund_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entry_processing_pkey" PRIMARY KEY ("entry_summary_id")
);

-- CreateTable
CREATE TABLE "declaration_processing" (
    "declaration_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "mass_processed_on" DATE NOT NULL,
    "entries" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declaration_processing_pkey" PRIMARY KEY ("declaration_id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "business_date" DATE NOT NULL,
    "subject_type" "OutboxSubject" NOT NULL,
    "subject_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "organization_ids" UUID[],
    "entry_summary_ids" BIGINT[],
    "cycle_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processing_cycles" (
    "id" UUID NOT NULL,
    "through_date" DATE NOT NULL,
    "status" "ProcessingCycleStatus" NOT NULL,
    "stage" "ProcessingStage",
    "requested_by" TEXT NOT NULL,
    "requested_by_user_id" UUID,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "processing_cycles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processing_work_items" (
    "id" BIGSERIAL NOT NULL,
    "cycle_id" UUID NOT NULL,
    "stage" "ProcessingStage" NOT NULL,
    "partition" INTEGER NOT NULL,
    "range_low" BIGINT,
    "range_high" BIGINT,
    "declaration_ids" UUID[],
    "status" "WorkItemStatus" NOT NULL DEFAULT 'PENDING',
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "planned_rows" INTEGER NOT NULL DEFAULT 0,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "processing_work_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processing_workers" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "job_worker_ids" TEXT[],
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processing_workers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "treasury_payments" (
    "id" UUID NOT NULL,
    "refund_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "amount_cents" BIGINT NOT NULL,
    "payee_party_id" UUID NOT NULL,
    "enrollment_id" UUID NOT NULL,
    "routing_number" CHAR(9) NOT NULL,
    "account_last4" CHAR(4) NOT NULL,
    "status" "TreasuryPaymentStatus" NOT NULL,
    "ready_on" DATE NOT NULL,
    "sent_on" DATE,
    "issued_on" DATE,
    "returned_on" DATE,
    "return_code" TEXT,
    "treasury_reference" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "treasury_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "simulated_treasury_payments" (
    "payment_id" UUID NOT NULL,
    "amount_cents" BIGINT NOT NULL,
    "routing_number" CHAR(9) NOT NULL,
    "account_last4" CHAR(4) NOT NULL,
    "received_on" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "simulated_treasury_payments_pkey" PRIMARY KEY ("payment_id")
);

-- CreateIndex
CREATE INDEX "entry_processing_state_scheduled_date_idx" ON "entry_processing"("state", "scheduled_date");

-- CreateIndex
CREATE INDEX "entry_processing_state_recipient_bucket_idx" ON "entry_processing"("state", "recipient_bucket");

-- CreateIndex
CREATE INDEX "entry_processing_declaration_id_idx" ON "entry_processing"("declaration_id");

-- CreateIndex
CREATE INDEX "entry_processing_declarant_organization_id_idx" ON "entry_processing"("declarant_organization_id");

-- CreateIndex
CREATE INDEX "entry_processing_filer_organization_id_idx" ON "entry_processing"("filer_organization_id");

-- CreateIndex
CREATE INDEX "entry_processing_importer_organization_id_idx" ON "entry_processing"("importer_organization_id");

-- CreateIndex
CREATE INDEX "declaration_processing_organization_id_idx" ON "declaration_processing"("organization_id");

-- CreateIndex
CREATE INDEX "outbox_events_subject_type_subject_id_idx" ON "outbox_events"("subject_type", "subject_id");

-- CreateIndex
CREATE INDEX "outbox_events_organization_ids_idx" ON "outbox_events" USING GIN ("organization_ids");

-- CreateIndex
CREATE INDEX "processing_cycles_status_created_at_idx" ON "processing_cycles"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "processing_work_items_cycle_id_stage_partition_key" ON "processing_work_items"("cycle_id", "stage", "partition");

-- CreateIndex
CREATE INDEX "treasury_payments_status_idx" ON "treasury_payments"("status");

-- CreateIndex
CREATE UNIQUE INDEX "treasury_payments_refund_id_attempt_key" ON "treasury_payments"("refund_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_recipient_party_id_liquidation_date_supplement_key" ON "refunds"("recipient_party_id", "liquidation_date", "supplement");

-- AddForeignKey
ALTER TABLE "entry_processing" ADD CONSTRAINT "entry_processing_entry_summary_id_fkey" FOREIGN KEY ("entry_summary_id") REFERENCES "entry_summaries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_processing" ADD CONSTRAINT "entry_processing_declaration_id_fkey" FOREIGN KEY ("declaration_id") REFERENCES "cape_declarations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_processing" ADD CONSTRAINT "entry_processing_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_processing" ADD CONSTRAINT "declaration_processing_declaration_id_fkey" FOREIGN KEY ("declaration_id") REFERENCES "cape_declarations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "processing_work_items" ADD CONSTRAINT "processing_work_items_cycle_id_fkey" FOREIGN KEY ("cycle_id") REFERENCES "processing_cycles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "treasury_payments" ADD CONSTRAINT "treasury_payments_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ================================================================ checks the schema cannot express

ALTER TABLE "entry_processing"
  ADD CONSTRAINT entry_processing_amounts
    CHECK (principal_cents >= 0 AND unrefunded_ieepa_cents >= 0 AND (interest_cents IS NULL OR interest_cents >= 0)),
  ADD CONSTRAINT entry_processing_flags_present CHECK (review_flags IS NOT NULL),
  ADD CONSTRAINT entry_processing_scheduled_has_date CHECK (state <> 'SCHEDULED' OR scheduled_date IS NOT NULL),
  ADD CONSTRAINT entry_processing_liquidated_has_facts
    CHECK (state NOT IN ('LIQUIDATED', 'REFUNDED')
           OR (liquidated_on IS NOT NULL AND interest_cents IS NOT NULL AND recipient_party_id IS NOT NULL
               AND recipient_bucket IS NOT NULL)),
  ADD CONSTRAINT entry_processing_refunded_has_refund CHECK ((state = 'REFUNDED') = (refund_id IS NOT NULL));
ALTER TABLE "refunds" ADD CONSTRAINT refund_supplement_non_negative CHECK (supplement >= 0);
ALTER TABLE "treasury_payments"
  ADD CONSTRAINT treasury_payment_amount CHECK (amount_cents > 0 AND attempt >= 1);
ALTER TABLE "outbox_events"
  ADD CONSTRAINT outbox_event_audience CHECK (organization_ids IS NOT NULL AND entry_summary_ids IS NOT NULL);

-- ================================================================ row-level security
-- The processing worker writes all of these as the owner role (docs/processing.md explains why); the
-- application role reads under these policies and writes only what the operator does by hand.

ALTER TABLE "entry_processing" ENABLE ROW LEVEL SECURITY;
CREATE POLICY entry_processing_read ON "entry_processing" FOR SELECT
  USING (app_is_operator()
         OR declarant_organization_id = app_current_organization_id()
         OR filer_organization_id = app_current_organization_id()
         OR importer_organization_id = app_current_organization_id());
-- The operator's review queue: hold and release.
CREATE POLICY entry_processing_operator_update ON "entry_processing" FOR UPDATE
  USING (app_is_operator()) WITH CHECK (app_is_operator());

ALTER TABLE "declaration_processing" ENABLE ROW LEVEL SECURITY;
CREATE POLICY declaration_processing_read ON "declaration_processing" FOR SELECT
  USING (app_is_operator() OR organization_id = app_current_organization_id());

ALTER TABLE "outbox_events" ENABLE ROW LEVEL SECURITY;
CREATE POLICY outbox_event_read ON "outbox_events" FOR SELECT
  USING (app_is_operator() OR app_current_organization_id() = ANY (organization_ids));
-- Services append events for what they change (the operator's hold/release; an ingestion update that
-- liquidates an entry): only events their own organization is an audience of.
CREATE POLICY outbox_event_insert ON "outbox_events" FOR INSERT
  WITH CHECK (app_is_operator() OR app_current_organization_id() = ANY (organization_ids));
REVOKE UPDATE, DELETE, TRUNCATE ON "outbox_events" FROM cape_app;

ALTER TABLE "processing_cycles" ENABLE ROW LEVEL SECURITY;
CREATE POLICY processing_cycle_read ON "processing_cycles" FOR SELECT USING (app_is_operator());
CREATE POLICY processing_cycle_request ON "processing_cycles" FOR INSERT
  WITH CHECK (app_is_operator() AND status = 'QUEUED' AND started_at IS NULL AND finished_at IS NULL);

ALTER TABLE "processing_work_items" ENABLE ROW LEVEL SECURITY;
CREATE POLICY processing_work_item_read ON "processing_work_items" FOR SELECT USING (app_is_operator());

ALTER TABLE "processing_workers" ENABLE ROW LEVEL SECURITY;
CREATE POLICY processing_worker_read ON "processing_workers" FOR SELECT USING (app_is_operator());

ALTER TABLE "treasury_payments" ENABLE ROW LEVEL SECURITY;
CREATE POLICY treasury_payment_read ON "treasury_payments" FOR SELECT
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = treasury_payments.refund_id));

ALTER TABLE "simulated_treasury_payments" ENABLE ROW LEVEL SECURITY;
CREATE POLICY simulated_treasury_read ON "simulated_treasury_payments" FOR SELECT USING (app_is_operator());

-- Refunds are written only by the processing worker: the application role reads them (it could write them
-- under the old FOR ALL policies).
DROP POLICY tenant_isolation ON refunds;
CREATE POLICY refund_read ON refunds FOR SELECT
  USING (recipient_organization_id = app_current_organization_id() OR app_is_operator());
DROP POLICY tenant_isolation ON refund_entries;
CREATE POLICY refund_entry_read ON refund_entries FOR SELECT
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = refund_entries.refund_id));
DROP POLICY tenant_isolation ON refund_offsets;
CREATE POLICY refund_offset_read ON refund_offsets FOR SELECT
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = refund_offsets.refund_id));
DROP POLICY tenant_isolation ON refund_status_events;
CREATE POLICY refund_status_event_read ON refund_status_events FOR SELECT
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = refund_status_events.refund_id));

-- A broker or importer sees its entries' processing (entry_processing), but a consolidated refund belongs
-- to its recipient and may hold other filers' entries. This narrow definer function tells them the number
-- and payment status of the refunds their own entries are on, and nothing else (no amounts, no offsets).
CREATE FUNCTION app_refund_status_of_visible_entries(p_refund_ids uuid[])
  RETURNS TABLE (refund_id uuid, refund_number text, status "RefundStatus", liquidation_date date,
                 held_reason "RefundHoldReason")
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT r.id, r.refund_number, r.status, r.liquidation_date, r.held_reason
      FROM refunds r
     WHERE r.id = ANY (p_refund_ids)
       AND (app_is_operator()
            OR r.recipient_organization_id = app_current_organization_id()
            OR EXISTS (SELECT 1 FROM entry_processing p
                        WHERE p.refund_id = r.id
                          AND app_current_organization_id() IN
                              (p.declarant_organization_id, p.filer_organization_id, p.importer_organization_id)))
  $$;
REVOKE ALL ON FUNCTION app_refund_status_of_visible_entries(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_refund_status_of_visible_entries(uuid[]) TO cape_app;

-- ================================================================ the job queue
-- A cycle the operator requests through the API is handed to the worker at once: graphile-worker's
-- add_job when its schema is installed (the worker installs it on start; until then the worker's own
-- startup sweep finds the QUEUED cycle). The definer runs as the owner, which owns the job queue.
CREATE FUNCTION processing_cycle_requested() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    IF to_regprocedure('graphile_worker.add_job(text,json,text,timestamptz,integer,text,integer,text[],text)') IS NOT NULL THEN
      PERFORM graphile_worker.add_job('cape.cycle.kick', json_build_object('reason', 'cycle requested'),
                                      job_key := 'cape.cycle.kick', job_key_mode := 'replace');
    END IF;
    RETURN NULL;
  END $$;
REVOKE ALL ON FUNCTION processing_cycle_requested() FROM PUBLIC;
CREATE TRIGGER processing_cycle_requested AFTER INSERT ON "processing_cycles"
  FOR EACH STATEMENT EXECUTE FUNCTION processing_cycle_requested();
