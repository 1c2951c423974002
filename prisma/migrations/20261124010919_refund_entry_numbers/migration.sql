-- AlterTable
ALTER TABLE "refund_entries" ADD COLUMN     "claim_number" TEXT NOT NULL,
ADD COLUMN     "entry_number" CHAR(11) NOT NULL;
