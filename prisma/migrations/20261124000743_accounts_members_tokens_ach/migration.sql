-- CreateEnum
CREATE TYPE "AchAccountType" AS ENUM ('CHECKING', 'SAVINGS');

-- CreateEnum
CREATE TYPE "AchAccess" AS ENUM ('FULL', 'READ_ONLY');

-- DropIndex
DROP INDEX "ach_refund_enrollments_party_id_idx";

-- AlterTable
ALTER TABLE "ach_refund_enrollments" ADD COLUMN     "account_type" "AchAccountType" NOT NULL DEFAULT 'CHECKING',
ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "api_token_id" UUID;

-- AlterTable
ALTER TABLE "cape_declarations" ADD COLUMN     "api_token_id" UUID;

-- AlterTable
ALTER TABLE "form_4811_designations" ADD COLUMN     "revoked_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ach_access_grants" (
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "access" "AchAccess" NOT NULL,
    "granted_by_user_id" UUID NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ach_access_grants_pkey" PRIMARY KEY ("user_id","organization_id")
);

-- CreateTable
CREATE TABLE "member_invitations" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "invited_by_user_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_user_id" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_by_user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "scopes" TEXT[],
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ach_access_grants_organization_id_idx" ON "ach_access_grants"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "member_invitations_token_hash_key" ON "member_invitations"("token_hash");

-- CreateIndex
CREATE INDEX "member_invitations_organization_id_created_at_idx" ON "member_invitations"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_prefix_key" ON "api_tokens"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_secret_hash_key" ON "api_tokens"("secret_hash");

-- CreateIndex
CREATE INDEX "api_tokens_organization_id_created_at_idx" ON "api_tokens"("organization_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ach_refund_enrollments_party_id_key" ON "ach_refund_enrollments"("party_id");

-- AddForeignKey
ALTER TABLE "ach_access_grants" ADD CONSTRAINT "ach_access_grants_user_id_organization_id_fkey" FOREIGN KEY ("user_id", "organization_id") REFERENCES "memberships"("user_id", "organization_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cape_declarations" ADD CONSTRAINT "cape_declarations_api_token_id_fkey" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_user_id_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ================================================================ rules the Prisma schema cannot express

ALTER TABLE "ach_refund_enrollments"
  ADD CONSTRAINT ach_ciphertext_format
    CHECK (account_ciphertext IS NULL OR account_ciphertext ~ '^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$');
ALTER TABLE "form_4811_designations"
  ADD CONSTRAINT designation_covers_something CHECK (covers_refunds OR covers_bills OR covers_liquidation_notices),
  ADD CONSTRAINT designation_period CHECK (effective_until IS NULL OR effective_until >= effective_from);
ALTER TABLE "api_tokens"
  ADD CONSTRAINT api_token_prefix_format CHECK (prefix ~ '^cape_pat_[A-Za-z0-9]{8}$'),
  ADD CONSTRAINT api_token_hash_format CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT api_token_has_scopes CHECK (cardinality(scopes) > 0),
  ADD CONSTRAINT api_token_expires_after_creation CHECK (expires_at > created_at);
ALTER TABLE "member_invitations"
  ADD CONSTRAINT invitation_email_lower_case CHECK (email = lower(email)),
  ADD CONSTRAINT invitation_hash_format CHECK (token_hash ~ '^[0-9a-f]{64}$');

-- ================================================================ who the caller is, read from the tables
-- Definer functions (owned by the table owner, so they read past row-level security): policies use them
-- instead of subqueries on tables whose own policies would lead back here (PostgreSQL refuses such
-- recursion), and they trust nothing the client set except which user and organization it acts as, both
-- checked against memberships.

CREATE FUNCTION app_current_user_is_admin() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM memberships m
                        WHERE m.user_id = app_current_user_id()
                          AND m.organization_id = app_current_organization_id()
                          AND m.role = 'ADMIN') $$;

-- The ACH Refund tab: full for an admin of an importer or notify-party account (DOMAIN 9: the Trade Account
-- Owner), otherwise the access an admin granted, otherwise none (null). Brokers never have any.
CREATE FUNCTION app_current_ach_access() RETURNS "AchAccess"
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT CASE
      WHEN EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                    WHERE m.user_id = app_current_user_id() AND m.organization_id = app_current_organization_id()
                      AND m.role = 'ADMIN' AND o.kind IN ('IMPORTER', 'NOTIFY_PARTY'))
        THEN 'FULL'::"AchAccess"
      ELSE (SELECT g.access FROM ach_access_grants g JOIN organizations o ON o.id = g.organization_id
             WHERE g.user_id = app_current_user_id() AND g.organization_id = app_current_organization_id()
               AND o.kind IN ('IMPORTER', 'NOTIFY_PARTY'))
    END $$;

-- The party numbers the current organization owns (its IOR numbers, or its notify-party number).
CREATE FUNCTION app_current_party_ids() RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT coalesce(array_agg(p.id), '{}') FROM parties p WHERE p.organization_id = app_current_organization_id() $$;

-- Of the given parties, those with an ACTIVE ACH refund enrollment, for the parties the caller may ask about:
-- its own, and the other side of a Form 4811 designation it is part of (the routing of a refund depends on
-- the notify party's enrollment, DOMAIN "Recipient of a refund"). Only the status is revealed.
CREATE FUNCTION app_active_ach_party_ids(p_party_ids uuid[]) RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    WITH mine AS (SELECT app_current_party_ids() AS ids),
    askable AS (
      SELECT unnest(mine.ids) AS id FROM mine
      UNION SELECT d.notify_party_id FROM form_4811_designations d, mine WHERE d.importer_party_id = ANY (mine.ids)
      UNION SELECT d.importer_party_id FROM form_4811_designations d, mine WHERE d.notify_party_id = ANY (mine.ids)
    )
    SELECT coalesce(array_agg(e.party_id), '{}') FROM ach_refund_enrollments e
     WHERE e.party_id = ANY (p_party_ids) AND e.status = 'ACTIVE' AND e.party_id IN (SELECT id FROM askable) $$;

-- ================================================================ row-level security (reads and writes)

-- ACH refund enrollments: read by those with ACH access (and the operator, which processes refunds),
-- written only with full access, and only for the account's own party numbers. Never deleted.
DROP POLICY tenant_isolation ON ach_refund_enrollments;
CREATE POLICY ach_enrollment_read ON ach_refund_enrollments FOR SELECT
  USING (app_is_operator()
         OR (organization_id = app_current_organization_id() AND (SELECT app_current_ach_access()) IS NOT NULL));
CREATE POLICY ach_enrollment_insert ON ach_refund_enrollments FOR INSERT
  WITH CHECK (organization_id = app_current_organization_id() AND (SELECT app_current_ach_access()) = 'FULL'
              AND party_id IN (SELECT unnest(app_current_party_ids())));
CREATE POLICY ach_enrollment_update ON ach_refund_enrollments FOR UPDATE
  USING (organization_id = app_current_organization_id() AND (SELECT app_current_ach_access()) = 'FULL')
  WITH CHECK (organization_id = app_current_organization_id() AND (SELECT app_current_ach_access()) = 'FULL'
              AND party_id IN (SELECT unnest(app_current_party_ids())));

-- ACH access grants: visible inside the account; only its admins grant or withdraw them.
ALTER TABLE ach_access_grants ENABLE ROW LEVEL SECURITY;
CREATE POLICY ach_access_read ON ach_access_grants FOR SELECT
  USING (organization_id = app_current_organization_id() OR app_is_operator());
CREATE POLICY ach_access_insert ON ach_access_grants FOR INSERT
  WITH CHECK (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()));
CREATE POLICY ach_access_update ON ach_access_grants FOR UPDATE
  USING (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()))
  WITH CHECK (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()));
CREATE POLICY ach_access_delete ON ach_access_grants FOR DELETE
  USING (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()));

-- Form 4811 designations: seen by both sides; written by the importer's admins only; never deleted
-- (revocation ends the period and keeps the row).
DROP POLICY tenant_isolation ON form_4811_designations;
CREATE POLICY designation_read ON form_4811_designations FOR SELECT
  USING (app_is_operator()
         OR importer_party_id IN (SELECT unnest(app_current_party_ids()))
         OR notify_party_id IN (SELECT unnest(app_current_party_ids())));
CREATE POLICY designation_insert ON form_4811_designations FOR INSERT
  WITH CHECK (importer_party_id IN (SELECT unnest(app_current_party_ids())) AND (SELECT app_current_user_is_admin()));
CREATE POLICY designation_update ON form_4811_designations FOR UPDATE
  USING (importer_party_id IN (SELECT unnest(app_current_party_ids())) AND (SELECT app_current_user_is_admin()))
  WITH CHECK (importer_party_id IN (SELECT unnest(app_current_party_ids())) AND (SELECT app_current_user_is_admin()));

-- Each side of a designation sees the other party (its name and number), and nothing more about it.
CREATE POLICY visible_through_form_4811 ON parties FOR SELECT
  USING (id IN (SELECT d.notify_party_id FROM form_4811_designations d
                 WHERE d.importer_party_id IN (SELECT unnest(app_current_party_ids())))
         OR id IN (SELECT d.importer_party_id FROM form_4811_designations d
                    WHERE d.notify_party_id IN (SELECT unnest(app_current_party_ids()))));

-- API tokens: listed inside the account (declarations name the token they were filed with); created and
-- revoked by its admins. Authentication goes through app_authenticate_api_token below.
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_token_read ON api_tokens FOR SELECT
  USING (organization_id = app_current_organization_id() OR app_is_operator());
CREATE POLICY api_token_insert ON api_tokens FOR INSERT
  WITH CHECK (organization_id = app_current_organization_id() AND created_by_user_id = app_current_user_id()
              AND (SELECT app_current_user_is_admin()));
CREATE POLICY api_token_update ON api_tokens FOR UPDATE
  USING (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()))
  WITH CHECK (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()));

-- Invitations: the account's admins only. Following a link goes through the definer functions below.
ALTER TABLE member_invitations ENABLE ROW LEVEL SECURITY;
CREATE POLICY invitation_admin_read ON member_invitations FOR SELECT
  USING (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()));
CREATE POLICY invitation_admin_insert ON member_invitations FOR INSERT
  WITH CHECK (organization_id = app_current_organization_id() AND invited_by_user_id = app_current_user_id()
              AND (SELECT app_current_user_is_admin()));
CREATE POLICY invitation_admin_update ON member_invitations FOR UPDATE
  USING (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()))
  WITH CHECK (organization_id = app_current_organization_id() AND (SELECT app_current_user_is_admin()));

-- ================================================================ before a tenant is known

-- An API token presented by third-party software: its organization, its creator (still a member, else no
-- row) and its scopes, when it is neither revoked nor expired. Records the last use, at most once a minute
-- so a busy token does not write on every request.
CREATE FUNCTION app_authenticate_api_token(p_secret_hash text)
  RETURNS TABLE (token_id uuid, token_name text, token_prefix text, scopes text[], organization_id uuid,
                 organization_kind "OrganizationKind", organization_name text, user_id uuid, email text,
                 display_name text, role "MembershipRole")
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
    UPDATE api_tokens t SET last_used_at = now()
     WHERE t.secret_hash = p_secret_hash AND t.revoked_at IS NULL AND t.expires_at > now()
       AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute');
    SELECT t.id, t.name, t.prefix, t.scopes, o.id, o.kind, o.name, u.id, u.email, u.display_name, m.role
      FROM api_tokens t
      JOIN organizations o ON o.id = t.organization_id
      JOIN memberships m ON m.organization_id = t.organization_id AND m.user_id = t.created_by_user_id
      JOIN users u ON u.id = t.created_by_user_id
     WHERE t.secret_hash = p_secret_hash AND t.revoked_at IS NULL AND t.expires_at > now();
  $$;

-- What an invitation link offers (shown before accepting), whatever its state.
CREATE FUNCTION app_find_invitation(p_token_hash text)
  RETURNS TABLE (invitation_id uuid, organization_id uuid, organization_name text, email text,
                 role "MembershipRole", expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT i.id, o.id, o.name, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at
      FROM member_invitations i JOIN organizations o ON o.id = i.organization_id
     WHERE i.token_hash = p_token_hash $$;

-- Accepts an invitation once: for an existing account (whose password the caller has verified) or by
-- creating the account with the invited e-mail address. The membership, the used-up link and the audit
-- record are written together; a refusal writes nothing and names its reason.
CREATE FUNCTION app_accept_invitation(p_token_hash text, p_existing_user_id uuid, p_display_name text,
                                      p_password_hash text)
  RETURNS TABLE (outcome text, organization_id uuid, user_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
  #variable_conflict use_column
  DECLARE
    v_invitation member_invitations%ROWTYPE;
    v_user_id uuid;
    v_membership_id uuid := gen_random_uuid();
  BEGIN
    SELECT * INTO v_invitation FROM member_invitations i WHERE i.token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND THEN RETURN QUERY SELECT 'NOT_FOUND'::text, NULL::uuid, NULL::uuid; RETURN; END IF;
    IF v_invitation.revoked_at IS NOT NULL THEN
      RETURN QUERY SELECT 'REVOKED'::text, NULL::uuid, NULL::uuid; RETURN;
    END IF;
    IF v_invitation.accepted_at IS NOT NULL THEN
      RETURN QUERY SELECT 'USED'::text, NULL::uuid, NULL::uuid; RETURN;
    END IF;
    IF v_invitation.expires_at <= now() THEN
      RETURN QUERY SELECT 'EXPIRED'::text, NULL::uuid, NULL::uuid; RETURN;
    END IF;
    IF p_existing_user_id IS NULL THEN
      IF EXISTS (SELECT 1 FROM users u WHERE u.email = v_invitation.email) THEN
        RETURN QUERY SELECT 'ACCOUNT_EXISTS'::text, NULL::uuid, NULL::uuid; RETURN;
      END IF;
      INSERT INTO users (id, email, display_name, password_hash)
        VALUES (gen_random_uuid(), v_invitation.email, p_display_name, p_password_hash)
        RETURNING id INTO v_user_id;
    ELSE
      SELECT u.id INTO v_user_id FROM users u WHERE u.id = p_existing_user_id AND u.email = v_invitation.email;
      IF NOT FOUND THEN RETURN QUERY SELECT 'EMAIL_MISMATCH'::text, NULL::uuid, NULL::uuid; RETURN; END IF;
      IF EXISTS (SELECT 1 FROM memberships m
                  WHERE m.user_id = v_user_id AND m.organization_id = v_invitation.organization_id) THEN
        RETURN QUERY SELECT 'ALREADY_MEMBER'::text, NULL::uuid, NULL::uuid; RETURN;
      END IF;
    END IF;
    INSERT INTO memberships (id, user_id, organization_id, role)
      VALUES (v_membership_id, v_user_id, v_invitation.organization_id, v_invitation.role);
    UPDATE member_invitations SET accepted_at = now(), accepted_user_id = v_user_id WHERE id = v_invitation.id;
    INSERT INTO audit_log (organization_id, actor_user_id, action, subject_type, subject_id, details)
      VALUES (v_invitation.organization_id, v_user_id, 'member.joined', 'membership', v_membership_id::text,
              jsonb_build_object('invitationId', v_invitation.id, 'email', v_invitation.email,
                                 'role', v_invitation.role, 'newAccount', p_existing_user_id IS NULL));
    RETURN QUERY SELECT 'ACCEPTED'::text, v_invitation.organization_id, v_user_id;
  END $$;

-- A Form 4811 notify party by its number, for an importer's admin naming one (other accounts' parties are
-- otherwise invisible). With a name, a party not known here is registered (without an account), as CBP
-- records the agent named on the form.
CREATE FUNCTION app_resolve_notify_party(p_party_number text, p_number_kind "PartyNumberKind", p_name text)
  RETURNS TABLE (party_id uuid, name text, registered boolean)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
  #variable_conflict use_column
  DECLARE
    v_party_id uuid;
    v_name text;
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                    WHERE m.user_id = app_current_user_id() AND m.organization_id = app_current_organization_id()
                      AND m.role = 'ADMIN' AND o.kind = 'IMPORTER') THEN
      RAISE EXCEPTION 'only an importer''s admin names Form 4811 notify parties' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT p.id, p.name INTO v_party_id, v_name FROM parties p WHERE p.party_number = p_party_number;
    IF FOUND THEN RETURN QUERY SELECT v_party_id, v_name, false; RETURN; END IF;
    IF p_name IS NULL THEN RETURN; END IF;
    INSERT INTO parties (id, kind, party_number, party_number_kind, name, corporate, organization_id)
      VALUES (gen_random_uuid(), 'NOTIFY_PARTY', p_party_number, p_number_kind, p_name, p_number_kind <> 'SSN', NULL)
      ON CONFLICT (party_number) DO NOTHING
      RETURNING id INTO v_party_id;
    IF v_party_id IS NULL THEN
      SELECT p.id, p.name INTO v_party_id, v_name FROM parties p WHERE p.party_number = p_party_number;
      RETURN QUERY SELECT v_party_id, v_name, false; RETURN;
    END IF;
    RETURN QUERY SELECT v_party_id, p_name, true;
  END $$;

REVOKE ALL ON FUNCTION app_current_user_is_admin() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_current_ach_access() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_current_party_ids() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_active_ach_party_ids(uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_authenticate_api_token(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_find_invitation(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_accept_invitation(text, uuid, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_resolve_notify_party(text, "PartyNumberKind", text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_current_user_is_admin(), app_current_ach_access(), app_current_party_ids(),
  app_active_ach_party_ids(uuid[]), app_authenticate_api_token(text), app_find_invitation(text),
  app_accept_invitation(text, uuid, text, text), app_resolve_notify_party(text, "PartyNumberKind", text)
  TO cape_app;
