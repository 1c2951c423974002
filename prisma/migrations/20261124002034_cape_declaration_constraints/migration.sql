-- CAPE declarations: what the Prisma schema cannot say.

-- Exactly once: an entry is on at most one accepted declaration. Filings insert their entries with
-- ON CONFLICT ... DO NOTHING against this index, so concurrent overlapping filings accept each entry once and
-- the others record it as already declared.
CREATE UNIQUE INDEX declaration_entries_accepted_once ON declaration_entries (entry_summary_id)
  WHERE outcome = 'ACCEPTED';

-- Claim numbers: 11-digit sequence values (the first digit never 0) plus a check digit computed by
-- @cape/domain claimNumberFor. Gaps (a rolled-back filing) are harmless; reuse never happens.
CREATE SEQUENCE cape_claim_number_seq AS bigint MINVALUE 10000000000 MAXVALUE 99999999999 START WITH 10000000000 NO CYCLE;
GRANT USAGE, SELECT ON SEQUENCE cape_claim_number_seq TO cape_app;

ALTER TABLE cape_declarations
  ADD CONSTRAINT declaration_claim_number_format CHECK (claim_number ~ '^[1-9][0-9]{11}$'),
  -- A claim number exactly for declarations that passed file-level validation and were filed.
  ADD CONSTRAINT declaration_claim_number_when_filed
    CHECK ((claim_number IS NOT NULL) = (status IN ('ACCEPTED', 'ACCEPTED_WITH_ERRORS', 'REJECTED'))),
  ADD CONSTRAINT declaration_counts CHECK (accepted_count >= 0 AND rejected_count >= 0 AND accepted_principal_cents >= 0),
  ADD CONSTRAINT declaration_idempotency_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 200);
ALTER TABLE declaration_entries
  ADD CONSTRAINT declaration_entry_accepted_has_entry CHECK (outcome <> 'ACCEPTED' OR entry_summary_id IS NOT NULL),
  ADD CONSTRAINT declaration_entry_reasons_match
    CHECK (cardinality(reason_codes) = cardinality(reason_details) AND (outcome = 'ACCEPTED') = (cardinality(reason_codes) = 0));

-- Whether the current tenant may see an entry summary: the entry_summaries policy, for the definer function
-- below (which reads past row-level security and must apply it itself).
CREATE FUNCTION app_can_see_entry(p_filer_organization_id uuid, p_importer_organization_id uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT p_filer_organization_id = app_current_organization_id()
            OR p_importer_organization_id = app_current_organization_id()
            OR app_is_operator() $$;

-- Everything stage 2 reads about the listed entries the caller can see, in one call: the entry, its importer
-- of record, the accepted declaration already holding it (any tenant's: "already on declaration <claim>"),
-- and the tariffs the rules read ("line:hts:duty;..."; IEEPA numbers and numbers that are not 8 or 10 digits)
-- but only where they can change the outcome: when the stored refundable IEEPA total is zero, or the entry is
-- dated outside the IEEPA collection period [p_ieepa_from, p_ieepa_until) the caller takes from @cape/domain.
-- A definer function so that visibility is checked once per entry (app_can_see_entry, the entry_summaries
-- policy) instead of once per party, line and tariff row by the policies of those tables.
CREATE FUNCTION app_declaration_entry_facts(p_entry_numbers bpchar[], p_ieepa_from date, p_ieepa_until date)
  RETURNS TABLE (
    entry_number text, id bigint, entry_type text, entry_date date, deposit_date date, filer_code text,
    ior_number text, importer_organization_id uuid, ior_corporate boolean, summary_status text, in_ace boolean,
    liquidation_status text, liquidation_date date, reconciliation_flagged boolean,
    reconciliation_entry_filed boolean, drawback_designated boolean, open_protest boolean,
    adcvd_pending_liquidation_1504d boolean, ieepa_duty_paid_by_surety boolean, ieepa_duty_cents bigint,
    notify_party_id uuid, port_code text, accepted_claim_number text, tariffs text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT e.entry_number::text, e.id, e.entry_type::text, e.entry_date, e.deposit_date, e.filer_code::text,
           p.party_number, p.organization_id, p.corporate, e.summary_status::text, e.in_ace,
           e.liquidation_status::text, e.liquidation_date, e.reconciliation_flagged, e.reconciliation_entry_filed,
           e.drawback_designated, e.open_protest, e.adcvd_pending_liquidation_1504d, e.ieepa_duty_paid_by_surety,
           e.ieepa_duty_cents, e.notify_party_id, e.port_code::text,
           (SELECT d.claim_number FROM declaration_entries de JOIN cape_declarations d ON d.id = de.declaration_id
            WHERE de.entry_summary_id = e.id AND de.outcome = 'ACCEPTED'),
           CASE WHEN e.ieepa_duty_cents = 0 OR e.entry_date < p_ieepa_from OR e.entry_date >= p_ieepa_until THEN
             (SELECT string_agg(l.line_number || ':' || t.hts_number || ':' || t.duty_cents, ';'
                                ORDER BY l.line_number, t.sequence)
              FROM entry_lines l JOIN entry_line_tariffs t ON t.entry_line_id = l.id
              WHERE l.entry_summary_id = e.id AND l.version_number = e.current_version
                AND (t.tariff_class = 'IEEPA' OR char_length(t.hts_number) NOT IN (8, 10)))
           END
    FROM unnest(p_entry_numbers) AS n(entry_number)
    JOIN entry_summaries e ON e.entry_number = n.entry_number
    JOIN parties p ON p.id = e.importer_party_id
    WHERE app_can_see_entry(e.filer_organization_id, e.importer_organization_id)
  $$;

-- An importer account cannot see other importers' entries; listing one must fail the file ("not yours"),
-- not pass as "not in ACE". Answers only which of the numbers the caller gave exist.
CREATE FUNCTION app_existing_entry_numbers(p_entry_numbers text[]) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT e.entry_number::text FROM entry_summaries e WHERE e.entry_number = ANY (p_entry_numbers::bpchar[]) $$;

REVOKE ALL ON FUNCTION app_declaration_entry_facts(bpchar[], date, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_existing_entry_numbers(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_declaration_entry_facts(bpchar[], date, date) TO cape_app;
GRANT EXECUTE ON FUNCTION app_existing_entry_numbers(text[]) TO cape_app;

-- A filed declaration never changes (docs/domain.md: corrections go on a new declaration), nor do its entries:
-- enforced here for every role, not only by the services. A declaration changes only from RECEIVED (inside
-- its filing transaction) or AWAITING_APPROVAL (the two-person rule's decision).
CREATE FUNCTION declaration_reject_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_TABLE_NAME = 'cape_declarations' AND TG_OP = 'UPDATE' AND OLD.status IN ('RECEIVED', 'AWAITING_APPROVAL') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a filed CAPE declaration and its entries never change (% on % rejected)', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'integrity_constraint_violation';
  END $$;

CREATE TRIGGER declaration_immutable BEFORE UPDATE OR DELETE ON cape_declarations
  FOR EACH ROW EXECUTE FUNCTION declaration_reject_change();
CREATE TRIGGER declaration_entries_immutable BEFORE UPDATE OR DELETE ON declaration_entries
  FOR EACH ROW EXECUTE FUNCTION declaration_reject_change();
