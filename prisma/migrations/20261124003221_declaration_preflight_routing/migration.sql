-- Who will receive each refund, shown before filing (the preflight): for the given entries the caller can see,
-- the importer of record's and the named notify party's numbers, the importer's Form 4811 designations, and
-- each designated notify party's ACH refund enrollment status and start (statuses and dates, never bank
-- details). A broker files for its clients and must see where their refunds will go, which the designation
-- and enrollment policies would hide from it; visibility of the entry itself is checked as its policy does.
CREATE FUNCTION app_refund_routing_facts(p_entry_summary_ids bigint[])
  RETURNS TABLE (entry_summary_id bigint, ior_number text, notify_party_number text, designations jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT e.id, ior.party_number, named.party_number,
           coalesce((SELECT jsonb_agg(jsonb_build_object(
                               'id', d.id,
                               'notifyPartyNumber', np.party_number,
                               'coversRefunds', d.covers_refunds,
                               'status', d.status,
                               'effectiveFrom', d.effective_from,
                               'effectiveUntil', d.effective_until,
                               'achStatus', ach.status,
                               'achActiveFrom', (ach.enrolled_at AT TIME ZONE 'America/New_York')::date)
                             ORDER BY d.effective_from)
                     FROM form_4811_designations d
                     JOIN parties np ON np.id = d.notify_party_id
                     LEFT JOIN ach_refund_enrollments ach ON ach.party_id = d.notify_party_id
                     WHERE d.importer_party_id = e.importer_party_id), '[]'::jsonb)
    FROM entry_summaries e
    JOIN parties ior ON ior.id = e.importer_party_id
    LEFT JOIN parties named ON named.id = e.notify_party_id
    WHERE e.id = ANY (p_entry_summary_ids)
      AND app_can_see_entry(e.filer_organization_id, e.importer_organization_id)
  $$;

REVOKE ALL ON FUNCTION app_refund_routing_facts(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_refund_routing_facts(bigint[]) TO cape_app;
