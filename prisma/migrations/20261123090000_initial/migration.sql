-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('BROKER', 'IMPORTER', 'NOTIFY_PARTY', 'OPERATOR');

-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('ADMIN', 'STAFF', 'VIEWER');

-- CreateEnum
CREATE TYPE "PartyKind" AS ENUM ('IMPORTER_OF_RECORD', 'NOTIFY_PARTY');

-- CreateEnum
CREATE TYPE "PartyNumberKind" AS ENUM ('EIN', 'SSN', 'CBP_ASSIGNED');

-- CreateEnum
CREATE TYPE "Form4811Status" AS ENUM ('PENDING', 'IN_FORCE', 'REVOKED', 'LAPSED');

-- CreateEnum
CREATE TYPE "AchEnrollmentStatus" AS ENUM ('PENDING', 'ACTIVE', 'REVOKED');

-- CreateEnum
CREATE TYPE "DebtSource" AS ENUM ('CBP', 'TREASURY_OFFSET_PROGRAM');

-- CreateEnum
CREATE TYPE "EntrySummaryStatus" AS ENUM ('ACCEPTED', 'CANCELLED', 'REJECTED');

-- CreateEnum
CREATE TYPE "LiquidationStatus" AS ENUM ('UNLIQUIDATED', 'LIQUIDATED', 'EXTENDED', 'SUSPENDED', 'UNDER_REVIEW', 'FINAL');

-- CreateEnum
CREATE TYPE "EntryVersionReason" AS ENUM ('ORIGINAL', 'POST_SUMMARY_CORRECTION', 'CAPE_IEEPA_REMOVED');

-- CreateEnum
CREATE TYPE "TariffClass" AS ENUM ('HTS_CHAPTER_1_97', 'IEEPA', 'SECTION_232', 'SECTION_301', 'SECTION_122', 'SECTION_201', 'SECTION_338', 'OTHER_CH99');

-- CreateEnum
CREATE TYPE "DeclarationStatus" AS ENUM ('RECEIVED', 'FAILED_INITIAL_VALIDATION', 'REJECTED_BY_BATCH_VALIDATION', 'ACCEPTED', 'ACCEPTED_WITH_ERRORS', 'REJECTED');

-- CreateEnum
CREATE TYPE "DeclarationEntryOutcome" AS ENUM ('ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'HELD', 'SENT_TO_TREASURY', 'TREASURY_ISSUED', 'FUNDS_DIVERTED', 'ACH_RETURNED');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "parties" (
    "id" UUID NOT NULL,
    "kind" "PartyKind" NOT NULL,
    "party_number" TEXT NOT NULL,
    "party_number_kind" "PartyNumberKind" NOT NULL,
    "name" TEXT NOT NULL,
    "corporate" BOOLEAN NOT NULL,
    "organization_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broker_clients" (
    "broker_organization_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "broker_clients_pkey" PRIMARY KEY ("broker_organization_id","party_id")
);

-- CreateTable
CREATE TABLE "filer_codes" (
    "code" CHAR(3) NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "filer_codes_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "form_4811_designations" (
    "id" UUID NOT NULL,
    "importer_party_id" UUID NOT NULL,
    "notify_party_id" UUID NOT NULL,
    "covers_refunds" BOOLEAN NOT NULL DEFAULT true,
    "covers_bills" BOOLEAN NOT NULL DEFAULT false,
    "covers_liquidation_notices" BOOLEAN NOT NULL DEFAULT false,
    "status" "Form4811Status" NOT NULL,
    "filed_on" DATE NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_until" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "form_4811_designations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ach_refund_enrollments" (
    "id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "routing_number" CHAR(9) NOT NULL,
    "account_last4" CHAR(4) NOT NULL,
    "account_ciphertext" TEXT,
    "status" "AchEnrollmentStatus" NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ach_refund_enrollments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "debts" (
    "id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "source" "DebtSource" NOT NULL,
    "bill_number" TEXT NOT NULL,
    "incurred_on" DATE NOT NULL,
    "original_cents" BIGINT NOT NULL,
    "outstanding_cents" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "debts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_summaries" (
    "id" BIGSERIAL NOT NULL,
    "entry_number" CHAR(11) NOT NULL,
    "entry_type" CHAR(2) NOT NULL,
    "filer_code" CHAR(3) NOT NULL,
    "filer_organization_id" UUID NOT NULL,
    "importer_party_id" UUID NOT NULL,
    "importer_organization_id" UUID,
    "notify_party_id" UUID,
    "port_code" CHAR(4) NOT NULL,
    "entry_date" DATE NOT NULL,
    "deposit_date" DATE NOT NULL,
    "summary_status" "EntrySummaryStatus" NOT NULL,
    "in_ace" BOOLEAN NOT NULL DEFAULT true,
    "liquidation_status" "LiquidationStatus" NOT NULL,
    "liquidation_date" DATE,
    "reconciliation_flagged" BOOLEAN NOT NULL DEFAULT false,
    "reconciliation_entry_filed" BOOLEAN NOT NULL DEFAULT false,
    "drawback_designated" BOOLEAN NOT NULL DEFAULT false,
    "open_protest" BOOLEAN NOT NULL DEFAULT false,
    "adcvd_pending_liquidation_1504d" BOOLEAN NOT NULL DEFAULT false,
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "total_duty_cents" BIGINT NOT NULL,
    "ieepa_duty_cents" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entry_summaries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_summary_versions" (
    "entry_summary_id" BIGINT NOT NULL,
    "version_number" INTEGER NOT NULL,
    "reason" "EntryVersionReason" NOT NULL,
    "total_duty_cents" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entry_summary_versions_pkey" PRIMARY KEY ("entry_summary_id","version_number")
);

-- CreateTable
CREATE TABLE "entry_lines" (
    "id" BIGSERIAL NOT NULL,
    "entry_summary_id" BIGINT NOT NULL,
    "version_number" INTEGER NOT NULL,
    "line_number" INTEGER NOT NULL,
    "country_of_origin" CHAR(2) NOT NULL,
    "entered_value_cents" BIGINT NOT NULL,

    CONSTRAINT "entry_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entry_line_tariffs" (
    "entry_line_id" BIGINT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "hts_number" VARCHAR(10) NOT NULL,
    "tariff_class" "TariffClass" NOT NULL,
    "rate_text" TEXT NOT NULL,
    "duty_cents" BIGINT NOT NULL,

    CONSTRAINT "entry_line_tariffs_pkey" PRIMARY KEY ("entry_line_id","sequence")
);

-- CreateTable
CREATE TABLE "cape_declarations" (
    "id" UUID NOT NULL,
    "claim_number" TEXT,
    "organization_id" UUID NOT NULL,
    "submitted_by_user_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_sha256" CHAR(64) NOT NULL,
    "file_size_bytes" INTEGER NOT NULL,
    "row_count" INTEGER NOT NULL,
    "status" "DeclarationStatus" NOT NULL,
    "filing_date" DATE NOT NULL,
    "rule_set_version" TEXT NOT NULL,
    "certified_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "file_errors" JSONB,

    CONSTRAINT "cape_declarations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "declaration_entries" (
    "declaration_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "organization_id" UUID NOT NULL,
    "raw_value" TEXT NOT NULL,
    "entry_number" CHAR(11),
    "entry_summary_id" BIGINT,
    "outcome" "DeclarationEntryOutcome" NOT NULL,
    "reason_codes" TEXT[],
    "rule_set_version" TEXT NOT NULL,
    "ieepa_principal_cents" BIGINT,

    CONSTRAINT "declaration_entries_pkey" PRIMARY KEY ("declaration_id","row_number")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" UUID NOT NULL,
    "refund_number" TEXT NOT NULL,
    "recipient_party_id" UUID NOT NULL,
    "recipient_organization_id" UUID,
    "liquidation_date" DATE NOT NULL,
    "principal_cents" BIGINT NOT NULL,
    "interest_cents" BIGINT NOT NULL,
    "offset_cents" BIGINT NOT NULL DEFAULT 0,
    "payable_cents" BIGINT NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_entries" (
    "refund_id" UUID NOT NULL,
    "entry_summary_id" BIGINT NOT NULL,
    "declaration_id" UUID NOT NULL,
    "principal_cents" BIGINT NOT NULL,
    "interest_cents" BIGINT NOT NULL,
    "deposit_date" DATE NOT NULL,
    "liquidation_date" DATE NOT NULL,
    "rates_version" TEXT NOT NULL,

    CONSTRAINT "refund_entries_pkey" PRIMARY KEY ("refund_id","entry_summary_id")
);

-- CreateTable
CREATE TABLE "refund_offsets" (
    "id" UUID NOT NULL,
    "refund_id" UUID NOT NULL,
    "debt_id" UUID NOT NULL,
    "amount_cents" BIGINT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refund_offsets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund_status_events" (
    "id" BIGSERIAL NOT NULL,
    "refund_id" UUID NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detail" TEXT,

    CONSTRAINT "refund_status_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "organization_id" UUID,
    "actor_user_id" UUID,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_organization_id_idx" ON "memberships"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_user_id_organization_id_key" ON "memberships"("user_id", "organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "parties_party_number_key" ON "parties"("party_number");

-- CreateIndex
CREATE INDEX "parties_organization_id_idx" ON "parties"("organization_id");

-- CreateIndex
CREATE INDEX "broker_clients_party_id_idx" ON "broker_clients"("party_id");

-- CreateIndex
CREATE INDEX "filer_codes_organization_id_idx" ON "filer_codes"("organization_id");

-- CreateIndex
CREATE INDEX "form_4811_designations_importer_party_id_effective_from_idx" ON "form_4811_designations"("importer_party_id", "effective_from");

-- CreateIndex
CREATE INDEX "form_4811_designations_notify_party_id_idx" ON "form_4811_designations"("notify_party_id");

-- CreateIndex
CREATE INDEX "ach_refund_enrollments_party_id_idx" ON "ach_refund_enrollments"("party_id");

-- CreateIndex
CREATE INDEX "ach_refund_enrollments_organization_id_idx" ON "ach_refund_enrollments"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "debts_bill_number_key" ON "debts"("bill_number");

-- CreateIndex
CREATE INDEX "debts_party_id_incurred_on_idx" ON "debts"("party_id", "incurred_on");

-- CreateIndex
CREATE UNIQUE INDEX "entry_summaries_entry_number_key" ON "entry_summaries"("entry_number");

-- CreateIndex
CREATE INDEX "entry_summaries_filer_organization_id_id_idx" ON "entry_summaries"("filer_organization_id", "id");

-- CreateIndex
CREATE INDEX "entry_summaries_importer_organization_id_id_idx" ON "entry_summaries"("importer_organization_id", "id");

-- CreateIndex
CREATE INDEX "entry_summaries_importer_party_id_idx" ON "entry_summaries"("importer_party_id");

-- CreateIndex
CREATE UNIQUE INDEX "entry_lines_entry_summary_id_version_number_line_number_key" ON "entry_lines"("entry_summary_id", "version_number", "line_number");

-- CreateIndex
CREATE UNIQUE INDEX "cape_declarations_claim_number_key" ON "cape_declarations"("claim_number");

-- CreateIndex
CREATE INDEX "cape_declarations_organization_id_submitted_at_idx" ON "cape_declarations"("organization_id", "submitted_at");

-- CreateIndex
CREATE INDEX "declaration_entries_entry_summary_id_idx" ON "declaration_entries"("entry_summary_id");

-- CreateIndex
CREATE INDEX "declaration_entries_organization_id_idx" ON "declaration_entries"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_refund_number_key" ON "refunds"("refund_number");

-- CreateIndex
CREATE INDEX "refunds_recipient_organization_id_idx" ON "refunds"("recipient_organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_recipient_party_id_liquidation_date_key" ON "refunds"("recipient_party_id", "liquidation_date");

-- CreateIndex
CREATE UNIQUE INDEX "refund_entries_entry_summary_id_key" ON "refund_entries"("entry_summary_id");

-- CreateIndex
CREATE INDEX "refund_offsets_refund_id_idx" ON "refund_offsets"("refund_id");

-- CreateIndex
CREATE INDEX "refund_offsets_debt_id_idx" ON "refund_offsets"("debt_id");

-- CreateIndex
CREATE INDEX "refund_status_events_refund_id_occurred_at_idx" ON "refund_status_events"("refund_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_log_organization_id_occurred_at_idx" ON "audit_log"("organization_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_log_subject_type_subject_id_idx" ON "audit_log"("subject_type", "subject_id");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "parties" ADD CONSTRAINT "parties_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broker_clients" ADD CONSTRAINT "broker_clients_broker_organization_id_fkey" FOREIGN KEY ("broker_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broker_clients" ADD CONSTRAINT "broker_clients_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "filer_codes" ADD CONSTRAINT "filer_codes_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_4811_designations" ADD CONSTRAINT "form_4811_designations_importer_party_id_fkey" FOREIGN KEY ("importer_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "form_4811_designations" ADD CONSTRAINT "form_4811_designations_notify_party_id_fkey" FOREIGN KEY ("notify_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ach_refund_enrollments" ADD CONSTRAINT "ach_refund_enrollments_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ach_refund_enrollments" ADD CONSTRAINT "ach_refund_enrollments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "debts" ADD CONSTRAINT "debts_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_summaries" ADD CONSTRAINT "entry_summaries_filer_code_fkey" FOREIGN KEY ("filer_code") REFERENCES "filer_codes"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_summaries" ADD CONSTRAINT "entry_summaries_filer_organization_id_fkey" FOREIGN KEY ("filer_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_summaries" ADD CONSTRAINT "entry_summaries_importer_party_id_fkey" FOREIGN KEY ("importer_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_summaries" ADD CONSTRAINT "entry_summaries_importer_organization_id_fkey" FOREIGN KEY ("importer_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_summaries" ADD CONSTRAINT "entry_summaries_notify_party_id_fkey" FOREIGN KEY ("notify_party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_summary_versions" ADD CONSTRAINT "entry_summary_versions_entry_summary_id_fkey" FOREIGN KEY ("entry_summary_id") REFERENCES "entry_summaries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_lines" ADD CONSTRAINT "entry_lines_entry_summary_id_version_number_fkey" FOREIGN KEY ("entry_summary_id", "version_number") REFERENCES "entry_summary_versions"("entry_summary_id", "version_number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entry_line_tariffs" ADD CONSTRAINT "entry_line_tariffs_entry_line_id_fkey" FOREIGN KEY ("entry_line_id") REFERENCES "entry_lines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cape_declarations" ADD CONSTRAINT "cape_declarations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_entries" ADD CONSTRAINT "declaration_entries_declaration_id_fkey" FOREIGN KEY ("declaration_id") REFERENCES "cape_declarations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "declaration_entries" ADD CONSTRAINT "declaration_entries_entry_summary_id_fkey" FOREIGN KEY ("entry_summary_id") REFERENCES "entry_summaries"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_recipient_party_id_fkey" FOREIGN KEY ("recipient_party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_recipient_organization_id_fkey" FOREIGN KEY ("recipient_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_entries" ADD CONSTRAINT "refund_entries_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_entries" ADD CONSTRAINT "refund_entries_entry_summary_id_fkey" FOREIGN KEY ("entry_summary_id") REFERENCES "entry_summaries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_offsets" ADD CONSTRAINT "refund_offsets_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_offsets" ADD CONSTRAINT "refund_offsets_debt_id_fkey" FOREIGN KEY ("debt_id") REFERENCES "debts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_status_events" ADD CONSTRAINT "refund_status_events_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
