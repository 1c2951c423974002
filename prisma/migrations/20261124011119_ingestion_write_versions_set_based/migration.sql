-- The first version of ingest_write_staged (20261124005254) summed each new version's duty with a subquery
-- per entry over the unindexed staging table: quadratic, minutes for a 100,000-entry file. The same function
-- with that sum joined from one aggregate, as the entries' totals already were.

-- Writes the checked plan: new entries with their first version, a new version for each post-summary
-- correction, and the status, liquidation and flags of every changed entry. With p_any_filer false every
-- entry must be under a filer code of the caller's organization. Internal: called by the wrappers below.
CREATE OR REPLACE FUNCTION public.ingest_write_staged(p_any_filer boolean) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF EXISTS (
      SELECT 1
        FROM pg_temp.ingest_entries s
        LEFT JOIN public.filer_codes f ON f.code = s.filer_code
        LEFT JOIN public.parties ip ON ip.id = s.importer_party_id
        LEFT JOIN public.parties np ON np.id = s.notify_party_id
        LEFT JOIN public.entry_summaries e ON e.entry_number = s.entry_number
       WHERE f.organization_id IS NULL
          OR f.organization_id IS DISTINCT FROM s.filer_organization_id
          OR left(s.entry_number, 3) <> s.filer_code
          OR (NOT p_any_filer AND f.organization_id IS DISTINCT FROM public.app_current_organization_id())
          OR ip.kind IS DISTINCT FROM 'IMPORTER_OF_RECORD'
          OR ip.organization_id IS DISTINCT FROM s.importer_organization_id
          OR (s.notify_party_id IS NOT NULL AND np.kind IS DISTINCT FROM 'NOTIFY_PARTY')
          OR e.id IS DISTINCT FROM s.existing_id
          OR (e.id IS NULL AND (s.entry_id IS NULL OR s.new_version IS DISTINCT FROM 1))
          OR (e.id IS NOT NULL
              AND (s.entry_id IS DISTINCT FROM e.id
                   OR e.filer_organization_id <> s.filer_organization_id
                   OR e.importer_party_id <> s.importer_party_id
                   OR e.current_version <> s.existing_version
                   OR s.new_version IS DISTINCT FROM
                      CASE WHEN s.content_changed THEN e.current_version + 1 END))
    ) THEN
      RAISE EXCEPTION 'the staged entries are not the caller''s to write' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- ACE condition 864 (the service reports it per row; this keeps it true whoever calls).
    IF EXISTS (SELECT 1 FROM pg_temp.ingest_entries s
                 JOIN public.declaration_entries de ON de.entry_summary_id = s.existing_id AND de.outcome = 'ACCEPTED'
                WHERE s.content_changed) THEN
      RAISE EXCEPTION 'PSC NOT ALLOWED - REFUND REQUESTED' USING ERRCODE = 'check_violation';
    END IF;

    INSERT INTO public.entry_summaries (
      id, entry_number, entry_type, filer_code, filer_organization_id, importer_party_id, importer_organization_id,
      notify_party_id, port_code, entry_date, deposit_date, summary_status, in_ace, liquidation_status,
      liquidation_date, reconciliation_flagged, reconciliation_entry_filed, drawback_designated, open_protest,
      adcvd_pending_liquidation_1504d, ieepa_duty_paid_by_surety, current_version, total_duty_cents, ieepa_duty_cents)
    SELECT s.entry_id, s.entry_number, s.entry_type, s.filer_code, s.filer_organization_id, s.importer_party_id,
           s.importer_organization_id, s.notify_party_id, s.port_code, s.entry_date, s.deposit_date, s.summary_status,
           s.in_ace, s.liquidation_status, s.liquidation_date, s.reconciliation_flagged, s.reconciliation_entry_filed,
           s.drawback_designated, s.open_protest, s.adcvd_pending_liquidation_1504d, s.ieepa_duty_paid_by_surety, 1,
           t.total_duty_cents, t.ieepa_duty_cents
      FROM pg_temp.ingest_entries s
      JOIN (SELECT r.entry_number, sum(r.duty_cents) AS total_duty_cents,
                   coalesce(sum(r.duty_cents) FILTER (WHERE r.refundable_ieepa), 0) AS ieepa_duty_cents
              FROM pg_temp.ingest_rows r GROUP BY r.entry_number) t ON t.entry_number = s.entry_number
     WHERE s.existing_id IS NULL
     ORDER BY s.entry_id;

    INSERT INTO public.entry_summary_versions (entry_summary_id, version_number, reason, total_duty_cents)
    SELECT s.entry_id, s.new_version,
           CASE WHEN s.existing_id IS NULL THEN 'ORIGINAL' ELSE 'POST_SUMMARY_CORRECTION' END::"EntryVersionReason",
           t.total_duty_cents
      FROM pg_temp.ingest_entries s
      JOIN (SELECT r.entry_number, sum(r.duty_cents) AS total_duty_cents
              FROM pg_temp.ingest_rows r GROUP BY r.entry_number) t ON t.entry_number = s.entry_number
     WHERE s.new_version IS NOT NULL;

    -- Line ids come from the sequence once per line; the statement's foreign-key checks run at its end, when
    -- the lines are in.
    WITH lines AS MATERIALIZED (
      SELECT nextval('public.entry_lines_id_seq'::regclass) AS id, l.*
        FROM (SELECT DISTINCT ON (s.entry_id, r.line_number) s.entry_id, s.new_version, r.entry_number,
                     r.line_number, r.country_of_origin, r.entered_value_cents
                FROM pg_temp.ingest_rows r
                JOIN pg_temp.ingest_entries s ON s.entry_number = r.entry_number
               WHERE s.new_version IS NOT NULL
               ORDER BY s.entry_id, r.line_number, r.row_number) l
    ), inserted_lines AS (
      INSERT INTO public.entry_lines (id, entry_summary_id, version_number, line_number, country_of_origin,
                                      entered_value_cents)
      SELECT id, entry_id, new_version, line_number, country_of_origin, entered_value_cents FROM lines ORDER BY id
    )
    INSERT INTO public.entry_line_tariffs (entry_line_id, sequence, hts_number, tariff_class, rate_text, duty_cents)
    SELECT l.id, r.tariff_sequence, r.hts_number, r.tariff_class, r.rate_text, r.duty_cents
      FROM pg_temp.ingest_rows r
      JOIN lines l ON l.entry_number = r.entry_number AND l.line_number = r.line_number
     ORDER BY l.id, r.tariff_sequence;

    -- Status, liquidation and flags always follow the file; a correction also brings the corrected header
    -- fields, the new version and its totals.
    UPDATE public.entry_summaries e SET
      summary_status = s.summary_status, in_ace = s.in_ace, liquidation_status = s.liquidation_status,
      liquidation_date = s.liquidation_date, reconciliation_flagged = s.reconciliation_flagged,
      reconciliation_entry_filed = s.reconciliation_entry_filed, drawback_designated = s.drawback_designated,
      open_protest = s.open_protest, adcvd_pending_liquidation_1504d = s.adcvd_pending_liquidation_1504d,
      ieepa_duty_paid_by_surety = s.ieepa_duty_paid_by_surety,
      entry_type = CASE WHEN s.content_changed THEN s.entry_type ELSE e.entry_type END,
      port_code = CASE WHEN s.content_changed THEN s.port_code ELSE e.port_code END,
      deposit_date = CASE WHEN s.content_changed THEN s.deposit_date ELSE e.deposit_date END,
      notify_party_id = CASE WHEN s.content_changed THEN s.notify_party_id ELSE e.notify_party_id END,
      current_version = coalesce(s.new_version, e.current_version),
      total_duty_cents = CASE WHEN s.content_changed THEN t.total_duty_cents ELSE e.total_duty_cents END,
      ieepa_duty_cents = CASE WHEN s.content_changed THEN t.ieepa_duty_cents ELSE e.ieepa_duty_cents END
    FROM pg_temp.ingest_entries s
    JOIN (SELECT r.entry_number, sum(r.duty_cents) AS total_duty_cents,
                 coalesce(sum(r.duty_cents) FILTER (WHERE r.refundable_ieepa), 0) AS ieepa_duty_cents
            FROM pg_temp.ingest_rows r GROUP BY r.entry_number) t ON t.entry_number = s.entry_number
    WHERE e.id = s.existing_id AND (s.status_changed OR s.content_changed);
  END $$;
