-- Some events happen before any tenant is known (a failed sign-in). The application role may not read
-- tenantless audit rows (only operators can), so an ordinary INSERT ... RETURNING fails under RLS; this
-- narrow definer function writes such a row and nothing else.
CREATE FUNCTION app_record_tenantless_audit(p_action text, p_subject_type text, p_subject_id text, p_details jsonb)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
    INSERT INTO audit_log (organization_id, actor_user_id, action, subject_type, subject_id, details)
    VALUES (NULL, NULL, p_action, p_subject_type, p_subject_id, coalesce(p_details, '{}'::jsonb))
  $$;
REVOKE ALL ON FUNCTION app_record_tenantless_audit(text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_record_tenantless_audit(text, text, text, jsonb) TO cape_app;
