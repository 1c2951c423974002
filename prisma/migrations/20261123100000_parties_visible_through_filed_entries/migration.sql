-- A broker may list entries it filed for any importer of record (DOMAIN.md "Who may list an entry"), so
-- the importer named on those entries must be visible to it too, client link or not.
DROP POLICY tenant_isolation ON parties;
CREATE POLICY tenant_isolation ON parties
  USING (organization_id = app_current_organization_id() OR app_is_operator()
         OR EXISTS (SELECT 1 FROM broker_clients bc
                    WHERE bc.party_id = parties.id AND bc.broker_organization_id = app_current_organization_id())
         OR EXISTS (SELECT 1 FROM entry_summaries e
                    WHERE e.importer_party_id = parties.id
                      AND e.filer_organization_id = app_current_organization_id()));
