import { useRouteContext } from '@tanstack/react-router';
import { humanize } from '../format.ts';
import type { MembershipRole, Permission } from '../graphql/generated/graphql.ts';
import { Fact } from '../ui/facts.tsx';
import { usePageTitle } from '../ui/use-page-title.ts';

const PERMISSION_TEXT: Partial<Record<Permission, string>> = {
  ENTRY_READ: 'See entry summaries',
  ENTRY_INGEST: 'Upload entry summaries',
  DECLARATION_READ: 'See CAPE declarations',
  DECLARATION_FILE: 'Prepare and file CAPE declarations',
  DECLARATION_APPROVE: 'Approve declarations that staff prepared',
  REFUND_READ: 'See refunds',
  PARTY_READ: 'See importers and notify parties',
  ACH_ENROLLMENT_MANAGE: 'Manage ACH refund enrollment (bank details)',
  FORM_4811_MANAGE: 'Designate Form 4811 notify parties',
  FORM_4811_READ: 'See Form 4811 designations',
  MEMBER_MANAGE: 'Manage members and their roles',
  API_TOKEN_MANAGE: 'Manage API tokens',
  OPERATIONS_REVIEW: 'Hold or release refunds in the review queue',
  PROCESSING_RUN: 'Run the processing cycle',
  AUDIT_READ: 'Read the audit log',
};

const ROLE_TEXT: Record<MembershipRole, string> = {
  ADMIN: 'Administrator',
  STAFF: 'Staff',
  VIEWER: 'Viewer (read only)',
};

export function permissionText(permission: Permission): string {
  return PERMISSION_TEXT[permission] ?? humanize(permission);
}

export function AccountPage() {
  const viewer = useRouteContext({ from: '__root__', select: (context) => context.viewer });
  usePageTitle('Your account');
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Your account</h1>
          <p className="muted">Who you are signed in as, and what your role lets you do.</p>
        </div>
      </div>
      <div className="panels">
        <section className="panel" aria-labelledby="account-person">
          <h2 id="account-person">Signed in as</h2>
          <dl className="facts">
            <Fact label="Name">{viewer.displayName}</Fact>
            <Fact label="E-mail address">{viewer.email}</Fact>
            <Fact label="Organization">{viewer.organization.name}</Fact>
            <Fact label="Kind of organization">{humanize(viewer.organization.kind)}</Fact>
            <Fact label="Role">{ROLE_TEXT[viewer.role]}</Fact>
          </dl>
        </section>
        <section className="panel" aria-labelledby="account-permissions">
          <h2 id="account-permissions">What you may do</h2>
          {viewer.permissions.length === 0 ? (
            <p className="muted">Your role grants no permissions in this organization.</p>
          ) : (
            <ul className="check-list" data-testid="permissions">
              {viewer.permissions.map((permission) => (
                <li key={permission}>{permissionText(permission)}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
