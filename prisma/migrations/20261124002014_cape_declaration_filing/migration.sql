-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DeclarationStatus" ADD VALUE 'AWAITING_APPROVAL';
ALTER TYPE "DeclarationStatus" ADD VALUE 'APPROVAL_DECLINED';

-- AlterTable
ALTER TABLE "cape_declarations" ADD COLUMN     "accepted_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "accepted_principal_cents" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "certification_version" TEXT NOT NULL,
ADD COLUMN     "client_address" TEXT,
ADD COLUMN     "decided_at" TIMESTAMPTZ(3),
ADD COLUMN     "decided_by_user_id" UUID,
ADD COLUMN     "decision_client_address" TEXT,
ADD COLUMN     "decision_note" TEXT,
ADD COLUMN     "decision_user_agent" TEXT,
ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "prepared_rows" JSONB,
ADD COLUMN     "rejected_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rework_of_id" UUID,
ADD COLUMN     "user_agent" TEXT;

-- AlterTable
ALTER TABLE "declaration_entries" ADD COLUMN     "reason_details" TEXT[];

-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "declarations_need_approval" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "cape_declarations_organization_id_file_sha256_idx" ON "cape_declarations"("organization_id", "file_sha256");

-- CreateIndex
CREATE INDEX "cape_declarations_rework_of_id_idx" ON "cape_declarations"("rework_of_id");

-- CreateIndex
CREATE UNIQUE INDEX "cape_declarations_organization_id_idempotency_key_key" ON "cape_declarations"("organization_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "cape_declarations" ADD CONSTRAINT "cape_declarations_rework_of_id_fkey" FOREIGN KEY ("rework_of_id") REFERENCES "cape_declarations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
