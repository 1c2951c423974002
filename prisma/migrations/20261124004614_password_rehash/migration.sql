-- Stronger password hashes replace older ones at the next successful sign-in. The application role may not
-- write password_hash (column privileges), so this narrow function does it, only when the stored hash is
-- still the one the caller verified (a concurrent change wins), and never for a member of an OPERATOR
-- organization: anyone running SQL as the application role can read hashes through the sign-in function, so
-- this function must not let them replace an operator's password. Operators' hashes are upgraded over the
-- operator role's connection instead (it may update users: see the grant below).
CREATE FUNCTION public.app_replace_password_hash(p_user_id uuid, p_verified_hash text, p_new_hash text)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH replaced AS (
      UPDATE public.users u SET password_hash = p_new_hash
       WHERE u.id = p_user_id AND u.password_hash = p_verified_hash AND p_new_hash LIKE 'scrypt$%'
         AND NOT EXISTS (SELECT 1 FROM public.memberships m JOIN public.organizations o ON o.id = m.organization_id
                          WHERE m.user_id = u.id AND o.kind = 'OPERATOR')
      RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM replaced) $$;
REVOKE ALL ON FUNCTION public.app_replace_password_hash(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.app_replace_password_hash(uuid, text, text) TO cape_app;

GRANT UPDATE (password_hash) ON public.users TO cape_operator;
