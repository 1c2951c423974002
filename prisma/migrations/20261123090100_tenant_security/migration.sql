-- Tenant security: the application role, its grants, row-level security on every tenant-scoped table,
-- the append-only audit log, and data checks the Prisma schema cannot express.
--
-- Who is asking is set per transaction by @cape/db (`withTenant`), with set_config(..., true): the values
-- are transaction-local and vanish at commit or rollback, so a pooled connection never carries them over.

-- The application role logs in without BYPASSRLS. Provisioning normally creates it with a password; this
-- only guarantees it exists for databases prepared by hand (the owner then needs CREATEROLE).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cape_app') THEN
    CREATE ROLE cape_app NOLOGIN;
  END IF;
END
$$;

CREATE FUNCTION app_current_organization_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.organization_id', true), '')::uuid $$;

CREATE FUNCTION app_current_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app_is_operator() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('app.organization_kind', true) = 'OPERATOR', false) $$;

-- Sign-in happens before any tenant is known: this narrow definer function is the only way the
-- application role can look a user up by e-mail.
CREATE FUNCTION app_find_user_for_sign_in(p_email text)
  RETURNS TABLE (id uuid, email text, display_name text, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT u.id, u.email, u.display_name, u.password_hash FROM users u WHERE u.email = lower(p_email) $$;

GRANT USAGE ON SCHEMA public TO cape_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cape_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cape_app;
DO $$
BEGIN
  -- Absent in the schema engine's shadow database, which keeps its history elsewhere.
  IF to_regclass('_prisma_migrations') IS NOT NULL THEN
    REVOKE ALL ON _prisma_migrations FROM cape_app;
  END IF;
END
$$;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM cape_app;
REVOKE ALL ON FUNCTION app_find_user_for_sign_in(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_find_user_for_sign_in(text) TO cape_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cape_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cape_app;

-- ---------------------------------------------------------------- row-level security

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organizations
  USING (id = app_current_organization_id() OR app_is_operator()
         OR id IN (SELECT m.organization_id FROM memberships m WHERE m.user_id = app_current_user_id()));

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
  USING (id = app_current_user_id() OR app_is_operator()
         OR id IN (SELECT m.user_id FROM memberships m WHERE m.organization_id = app_current_organization_id()));

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
  USING (user_id = app_current_user_id() OR organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE parties ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON parties
  USING (organization_id = app_current_organization_id() OR app_is_operator()
         OR EXISTS (SELECT 1 FROM broker_clients bc
                    WHERE bc.party_id = parties.id AND bc.broker_organization_id = app_current_organization_id()));

ALTER TABLE broker_clients ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON broker_clients
  USING (broker_organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE filer_codes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON filer_codes
  USING (organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE form_4811_designations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON form_4811_designations
  USING (app_is_operator()
         OR EXISTS (SELECT 1 FROM parties p
                    WHERE p.id IN (form_4811_designations.importer_party_id, form_4811_designations.notify_party_id)
                      AND p.organization_id = app_current_organization_id()));

ALTER TABLE ach_refund_enrollments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ach_refund_enrollments
  USING (organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE debts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON debts
  USING (app_is_operator()
         OR EXISTS (SELECT 1 FROM parties p
                    WHERE p.id = debts.party_id AND p.organization_id = app_current_organization_id()));

ALTER TABLE entry_summaries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entry_summaries
  USING (filer_organization_id = app_current_organization_id()
         OR importer_organization_id = app_current_organization_id()
         OR app_is_operator());

ALTER TABLE entry_summary_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entry_summary_versions
  USING (EXISTS (SELECT 1 FROM entry_summaries e WHERE e.id = entry_summary_versions.entry_summary_id));

ALTER TABLE entry_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entry_lines
  USING (EXISTS (SELECT 1 FROM entry_summaries e WHERE e.id = entry_lines.entry_summary_id));

ALTER TABLE entry_line_tariffs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON entry_line_tariffs
  USING (EXISTS (SELECT 1 FROM entry_lines l WHERE l.id = entry_line_tariffs.entry_line_id));

ALTER TABLE cape_declarations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cape_declarations
  USING (organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE declaration_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON declaration_entries
  USING (organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refunds
  USING (recipient_organization_id = app_current_organization_id() OR app_is_operator());

ALTER TABLE refund_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refund_entries
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = refund_entries.refund_id));

ALTER TABLE refund_offsets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refund_offsets
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = refund_offsets.refund_id));

ALTER TABLE refund_status_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refund_status_events
  USING (EXISTS (SELECT 1 FROM refunds r WHERE r.id = refund_status_events.refund_id));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
  USING (organization_id = app_current_organization_id() OR app_is_operator())
  WITH CHECK (organization_id IS NOT DISTINCT FROM app_current_organization_id() OR app_is_operator());

-- ---------------------------------------------------------------- append-only audit log

CREATE FUNCTION audit_log_reject_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;

CREATE TRIGGER audit_log_append_only_rows BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();

-- ---------------------------------------------------------------- data checks

ALTER TABLE entry_summaries
  ADD CONSTRAINT entry_number_format CHECK (entry_number ~ '^[A-Z0-9]{3}[0-9]{8}$'),
  ADD CONSTRAINT entry_filer_code_prefix CHECK (left(entry_number, 3) = filer_code),
  ADD CONSTRAINT entry_type_format CHECK (entry_type ~ '^[0-9]{2}$'),
  ADD CONSTRAINT entry_duty_non_negative CHECK (total_duty_cents >= 0 AND ieepa_duty_cents >= 0 AND ieepa_duty_cents <= total_duty_cents),
  ADD CONSTRAINT entry_liquidation_date_present
    CHECK ((liquidation_status IN ('LIQUIDATED', 'FINAL')) = (liquidation_date IS NOT NULL));
ALTER TABLE filer_codes ADD CONSTRAINT filer_code_format CHECK (code ~ '^[A-Z0-9]{3}$' AND code <> '000');
ALTER TABLE users ADD CONSTRAINT user_email_lower_case CHECK (email = lower(email));
ALTER TABLE entry_line_tariffs ADD CONSTRAINT tariff_duty_non_negative CHECK (duty_cents >= 0),
  ADD CONSTRAINT tariff_hts_digits CHECK (hts_number ~ '^[0-9]{8,10}$');
ALTER TABLE entry_lines ADD CONSTRAINT line_entered_value_non_negative CHECK (entered_value_cents >= 0);
ALTER TABLE debts ADD CONSTRAINT debt_amounts CHECK (outstanding_cents >= 0 AND outstanding_cents <= original_cents);
ALTER TABLE refunds ADD CONSTRAINT refund_amounts
  CHECK (principal_cents >= 0 AND interest_cents >= 0 AND offset_cents >= 0
         AND payable_cents = principal_cents + interest_cents - offset_cents AND payable_cents >= 0);
ALTER TABLE refund_offsets ADD CONSTRAINT refund_offset_positive CHECK (amount_cents > 0);
ALTER TABLE ach_refund_enrollments ADD CONSTRAINT ach_routing_digits CHECK (routing_number ~ '^[0-9]{9}$'),
  ADD CONSTRAINT ach_last4_digits CHECK (account_last4 ~ '^[0-9]{4}$');
