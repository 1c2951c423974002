-- Operator access is a database role, not a setting. Row-level security used to grant every tenant's rows
-- to any session that set app.organization_kind = 'OPERATOR', and the application role can set that itself:
-- one injected statement showed every tenant's data and password hashes. Now app_is_operator() is true only
-- for the role cape_operator, which the application role is not a member of (it cannot SET ROLE to it); the
-- API sends the requests of CBP operations staff over a separate pool that logs in as that role.
--
-- Writes are checked too: the tenant_isolation policies allowed any write that left the row readable, so a
-- session knowing only its user (sign-in) could add itself to another organization, a broker could rewrite
-- its clients' party records and an importer its broker's entries. Restrictive write policies below say who
-- may write each table; rows that would grant operator power (memberships, invitations and API tokens of an
-- OPERATOR organization, an organization's kind) are written by the operator role only.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'cape_operator') THEN
    CREATE ROLE cape_operator NOLOGIN NOBYPASSRLS;
  END IF;
  -- The operator has the application role's privileges (later grants keep naming cape_app only).
  IF NOT pg_catalog.pg_has_role('cape_operator', 'cape_app', 'MEMBER') THEN
    BEGIN
      GRANT cape_app TO cape_operator;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'cannot grant cape_app to cape_operator: run "GRANT cape_app TO cape_operator" as a superuser first (README, Configuration)';
    END;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION public.app_is_operator() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT current_user = 'cape_operator' $$;

CREATE FUNCTION public.app_is_operator_organization(p_organization_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM public.organizations o
                        WHERE o.id = p_organization_id AND o.kind = 'OPERATOR') $$;
REVOKE ALL ON FUNCTION public.app_is_operator_organization(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.app_is_operator_organization(uuid) TO cape_app;

-- Password hashes are read by the sign-in function only, never by a query of the application (or operator)
-- role. Column privileges: a new column of users is invisible to the application until granted here.
REVOKE SELECT, INSERT, UPDATE, DELETE ON public.users FROM cape_app;
GRANT SELECT (id, email, display_name, created_at) ON public.users TO cape_app;
GRANT UPDATE (display_name) ON public.users TO cape_app;

-- Restrictive policies AND with the permissive ones: a write must pass both.
CREATE FUNCTION pg_temp.restrict_writes(p_table regclass, p_name text, p_insert text, p_update text, p_delete text)
  RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR INSERT WITH CHECK (%s)',
                            p_name || '_insert', p_table, p_insert);
  EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR UPDATE USING (%s) WITH CHECK (%s)',
                            p_name || '_update', p_table, p_update, p_update);
  EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR DELETE USING (%s)',
                            p_name || '_delete', p_table, p_delete);
END
$$;
CREATE FUNCTION pg_temp.restrict_writes(p_table regclass, p_name text, p_rule text)
  RETURNS void LANGUAGE sql AS $$ SELECT pg_temp.restrict_writes(p_table, p_name, p_rule, p_rule, p_rule) $$;

-- Organizations are created and removed by CBP; an admin may edit its own, never into an operator.
SELECT pg_temp.restrict_writes('public.organizations', 'write_own',
  'app_is_operator()',
  'app_is_operator() OR (id = app_current_organization_id() AND (SELECT app_current_user_is_admin()) AND kind <> ''OPERATOR'')',
  'app_is_operator()');
SELECT pg_temp.restrict_writes('public.users', 'write_own',
  'app_is_operator()', 'app_is_operator() OR id = app_current_user_id()', 'app_is_operator()');
-- Members are managed by an admin of the organization chosen for the session, operators' by operators.
SELECT pg_temp.restrict_writes('public.memberships', 'write_own',
  'app_is_operator() OR (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()) AND NOT app_is_operator_organization(organization_id))');
SELECT pg_temp.restrict_writes('public.member_invitations', 'operator_accounts',
  'app_is_operator() OR NOT app_is_operator_organization(organization_id)');
SELECT pg_temp.restrict_writes('public.api_tokens', 'operator_accounts',
  'app_is_operator() OR NOT app_is_operator_organization(organization_id)');
-- A party record is written by its own organization (others see it through filings and client links).
SELECT pg_temp.restrict_writes('public.parties', 'write_own',
  'app_is_operator() OR organization_id = app_current_organization_id()');
SELECT pg_temp.restrict_writes('public.broker_clients', 'write_own',
  'app_is_operator() OR broker_organization_id = app_current_organization_id()');
-- Filer codes are assigned and debts recorded by CBP.
SELECT pg_temp.restrict_writes('public.filer_codes', 'operator_only',
  'app_is_operator()');
SELECT pg_temp.restrict_writes('public.debts', 'operator_only',
  'app_is_operator()');
-- An entry summary and its versions, lines and tariff numbers are written by its filer (an importer sees
-- the entries filed for it but does not edit them).
SELECT pg_temp.restrict_writes('public.entry_summaries', 'write_own',
  'app_is_operator() OR filer_organization_id = app_current_organization_id()');
SELECT pg_temp.restrict_writes('public.entry_summary_versions', 'write_own',
  'app_is_operator() OR EXISTS (SELECT 1 FROM public.entry_summaries e WHERE e.id = entry_summary_versions.entry_summary_id AND e.filer_organization_id = app_current_organization_id())');
SELECT pg_temp.restrict_writes('public.entry_lines', 'write_own',
  'app_is_operator() OR EXISTS (SELECT 1 FROM public.entry_summaries e WHERE e.id = entry_lines.entry_summary_id AND e.filer_organization_id = app_current_organization_id())');
SELECT pg_temp.restrict_writes('public.entry_line_tariffs', 'write_own',
  'app_is_operator() OR EXISTS (SELECT 1 FROM public.entry_lines l JOIN public.entry_summaries e ON e.id = l.entry_summary_id WHERE l.id = entry_line_tariffs.entry_line_id AND e.filer_organization_id = app_current_organization_id())');
SELECT pg_temp.restrict_writes('public.cape_declarations', 'write_own',
  'app_is_operator() OR organization_id = app_current_organization_id()');
SELECT pg_temp.restrict_writes('public.declaration_entries', 'write_own',
  'app_is_operator() OR organization_id = app_current_organization_id()');

DROP FUNCTION pg_temp.restrict_writes(regclass, text, text);
DROP FUNCTION pg_temp.restrict_writes(regclass, text, text, text, text);
