-- CreateEnum
CREATE TYPE "EntryIngestionOutcome" AS ENUM ('LOADED', 'REFUSED');

-- CreateTable
CREATE TABLE "entry_summary_ingestions" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "uploaded_by_user_id" UUID NOT NULL,
    "api_token_id" UUID,
    "file_name" TEXT NOT NULL,
    "file_sha256" CHAR(64) NOT NULL,
    "file_size_bytes" BIGINT NOT NULL,
    "outcome" "EntryIngestionOutcome" NOT NULL,
    "business_date" DATE NOT NULL,
    "row_count" INTEGER NOT NULL,
    "entry_count" INTEGER NOT NULL,
    "created_count" INTEGER NOT NULL,
    "updated_count" INTEGER NOT NULL,
    "versioned_count" INTEGER NOT NULL,
    "unchanged_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entry_summary_ingestions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "entry_summary_ingestions_organization_id_started_at_idx" ON "entry_summary_ingestions"("organization_id", "started_at");

-- AddForeignKey
ALTER TABLE "entry_summary_ingestions" ADD CONSTRAINT "entry_summary_ingestions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ================================================================ entry-summary ingestion (docs/ingestion.md)

ALTER TABLE "entry_summary_ingestions"
  ADD CONSTRAINT ingestion_sha256_format CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT ingestion_counts_non_negative
    CHECK (file_size_bytes >= 0 AND row_count >= 0 AND entry_count >= 0 AND created_count >= 0
           AND updated_count >= 0 AND versioned_count >= 0 AND unchanged_count >= 0 AND error_count >= 0),
  -- A file loads whole or not at all: a loaded file has no errors and accounts for every entry; a refused
  -- one has errors and changed nothing.
  ADD CONSTRAINT ingestion_outcome_consistent
    CHECK (CASE outcome
             WHEN 'LOADED' THEN error_count = 0
                                AND created_count + updated_count + versioned_count + unchanged_count = entry_count
             ELSE error_count > 0 AND created_count = 0 AND updated_count = 0 AND versioned_count = 0
                  AND unchanged_count = 0
           END);

-- An uploader's organization reads its own ingestions, the operator every one. A record is written once, by a
-- member of the uploading organization for itself, and never changed.
ALTER TABLE "entry_summary_ingestions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY ingestion_read ON "entry_summary_ingestions" FOR SELECT
  USING (organization_id = app_current_organization_id() OR app_is_operator());
CREATE POLICY ingestion_insert ON "entry_summary_ingestions" FOR INSERT
  WITH CHECK (organization_id = app_current_organization_id() AND uploaded_by_user_id = app_current_user_id());
REVOKE UPDATE, DELETE, TRUNCATE ON "entry_summary_ingestions" FROM cape_app;

-- True when the current user is a member of the current organization and that organization may ingest entry
-- summaries: the operator, or an account owning at least one filer code.
CREATE FUNCTION app_current_organization_ingests() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                    WHERE m.user_id = app_current_user_id() AND m.organization_id = app_current_organization_id()
                      AND (o.kind = 'OPERATOR'
                           OR EXISTS (SELECT 1 FROM filer_codes f WHERE f.organization_id = o.id))) $$;

-- The parties an ingested file names, by number: ACE accepts an entry summary for any importer of record
-- (and any notify party), so a filer may name parties it cannot otherwise see, and a number not known here
-- is registered as a party without an account (its name is the number until one is known; corporate unless
-- it is an SSN, as for any party registered by number). Returns each party's kind and account, nothing more.
CREATE FUNCTION app_ingest_resolve_parties(p_numbers text[], p_kinds "PartyKind"[],
                                           p_number_kinds "PartyNumberKind"[])
  RETURNS TABLE (party_number text, party_id uuid, kind "PartyKind", organization_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
  #variable_conflict use_column
  BEGIN
    IF NOT app_current_organization_ingests() THEN
      RAISE EXCEPTION 'only filers and the operator ingest entry summaries' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO parties (id, kind, party_number, party_number_kind, name, corporate, organization_id)
    SELECT gen_random_uuid(), w.kind, w.party_number, w.number_kind, w.party_number, w.number_kind <> 'SSN', NULL
      FROM unnest(p_numbers, p_kinds, p_number_kinds) AS w(party_number, kind, number_kind)
     ORDER BY w.party_number
    ON CONFLICT (party_number) DO NOTHING;
    RETURN QUERY SELECT p.party_number, p.id, p.kind, p.organization_id
                   FROM parties p WHERE p.party_number = ANY (p_numbers);
  END $$;

-- Of the given entries the caller may see (it filed them, it is their importer, or it is the operator), those
-- on an accepted CAPE declaration, with its claim number. The declaration may be another account's (an
-- importer's own filing of an entry its broker filed), which row-level security would hide.
CREATE FUNCTION app_entries_on_accepted_declarations(p_entry_ids bigint[])
  RETURNS TABLE (entry_summary_id bigint, claim_number text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT ON (de.entry_summary_id) de.entry_summary_id, d.claim_number
      FROM declaration_entries de
      JOIN cape_declarations d ON d.id = de.declaration_id
      JOIN entry_summaries e ON e.id = de.entry_summary_id
     WHERE de.entry_summary_id = ANY (p_entry_ids) AND de.outcome = 'ACCEPTED'
       AND (e.filer_organization_id = app_current_organization_id()
            OR e.importer_organization_id = app_current_organization_id() OR app_is_operator())
     ORDER BY de.entry_summary_id, d.submitted_at $$;

REVOKE ALL ON FUNCTION app_current_organization_ingests() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_ingest_resolve_parties(text[], "PartyKind"[], "PartyNumberKind"[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_entries_on_accepted_declarations(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_current_organization_ingests(),
  app_ingest_resolve_parties(text[], "PartyKind"[], "PartyNumberKind"[]),
  app_entries_on_accepted_declarations(bigint[])
  TO cape_app;
