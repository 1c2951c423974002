-- AlterTable
ALTER TABLE "entry_summaries" ADD COLUMN     "ieepa_duty_paid_by_surety" BOOLEAN NOT NULL DEFAULT false;
