-- CreateTable
CREATE TABLE "business_clock" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "override_date" DATE,
    "set_by_user_id" UUID,
    "set_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_clock_pkey" PRIMARY KEY ("id")
);

-- One clock for the whole platform.
ALTER TABLE "business_clock" ADD CONSTRAINT "business_clock_single_row" CHECK ("id" = 1);

-- Everyone reads what day it is for CAPE; only the operator moves it (services also refuse in production).
ALTER TABLE "business_clock" ENABLE ROW LEVEL SECURITY;
CREATE POLICY business_clock_read ON "business_clock" FOR SELECT USING (true);
CREATE POLICY business_clock_operator_insert ON "business_clock" FOR INSERT WITH CHECK (app_is_operator());
CREATE POLICY business_clock_operator_update ON "business_clock" FOR UPDATE
  USING (app_is_operator()) WITH CHECK (app_is_operator());
