-- AlterTable
ALTER TABLE "entry_processing" ADD COLUMN     "claim_number" TEXT NOT NULL;

-- The consolidation partition of a refund recipient: the first 32 bits of its id modulo the bucket count.
-- A recipient is always in one bucket, so workers consolidating different buckets never share a refund,
-- a debt or an ACH enrollment.
CREATE FUNCTION processing_bucket(p_party_id uuid, p_buckets integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (('x' || left(replace(p_party_id::text, '-', ''), 8))::bit(32)::bigint % p_buckets)::integer $$;
