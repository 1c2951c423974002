-- SECURITY DEFINER functions run with their owner's rights. With `SET search_path = public` the session's
-- temporary schema is still searched first for tables, so the application role could create a temporary
-- table named like one of ours (audit_log, users) with a trigger and have the function write into it: the
-- trigger then runs as the owner. Every definer function now pins `pg_catalog, public, pg_temp`: catalog
-- first (no shadowed operators or functions), the temporary schema last. A test lists all definer functions
-- from pg_proc and fails on one without this setting; new ones must say it in their CREATE FUNCTION.

-- Nobody but the owner creates objects in public (the default before PostgreSQL 15 let every role do so).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The sign-in and tenantless-audit functions, redefined with schema-qualified names.
CREATE OR REPLACE FUNCTION public.app_find_user_for_sign_in(p_email text)
  RETURNS TABLE (id uuid, email text, display_name text, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$ SELECT u.id, u.email, u.display_name, u.password_hash FROM public.users u
        WHERE u.email = pg_catalog.lower(p_email) $$;

CREATE OR REPLACE FUNCTION public.app_record_tenantless_audit(p_action text, p_subject_type text,
                                                              p_subject_id text, p_details jsonb)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    INSERT INTO public.audit_log (organization_id, actor_user_id, action, subject_type, subject_id, details)
    VALUES (NULL, NULL, p_action, p_subject_type, p_subject_id, coalesce(p_details, '{}'::jsonb))
  $$;

-- Every other definer function in public: the same pinned path (their bodies resolve names through it).
DO $$
DECLARE
  definer regprocedure;
BEGIN
  FOR definer IN
    SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
     WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace
  LOOP
    EXECUTE pg_catalog.format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', definer);
  END LOOP;
END
$$;
