import { humanize } from './format.ts';
import type { ViewerFieldsFragment } from './graphql/generated/graphql.ts';
import { graphql } from './graphql/generated/index.ts';

export const ViewerFields = graphql(`
  fragment ViewerFields on Viewer {
    userId
    displayName
    email
    role
    organization {
      id
      name
      kind
    }
  }
`);

export function BrandMark() {
  return (
    <span className="brand">
      <span className="brand-mark" aria-hidden="true">
        C
      </span>
      <span className="brand-name">
        CAPE <span className="brand-sub">Refund Portal</span>
      </span>
    </span>
  );
}

export function AppHeader({ viewer, onSignOut }: { viewer: ViewerFieldsFragment; onSignOut: () => void }) {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <BrandMark />
        <div className="viewer">
          <div className="viewer-text">
            <span className="viewer-name" data-testid="viewer-name">
              {viewer.displayName}
            </span>
            <span className="viewer-org">
              <span data-testid="organization-name">{viewer.organization.name}</span>
              <span className="badge badge-kind" data-testid="organization-kind">
                {humanize(viewer.organization.kind)}
              </span>
            </span>
          </div>
          <button type="button" className="button button-secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
