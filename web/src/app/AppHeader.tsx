import { Link } from '@tanstack/react-router';
import { humanize } from '../format.ts';
import type { ViewerFieldsFragment } from '../graphql/generated/graphql.ts';
import { graphql } from '../graphql/generated/index.ts';
import type { NavItem } from './navigation.ts';

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

export interface AppHeaderProps {
  viewer: ViewerFieldsFragment;
  navigation: readonly NavItem[];
  onSignOut: () => void;
}

export function AppHeader({ viewer, navigation, onSignOut }: AppHeaderProps) {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Link to="/" className="brand-link">
          <BrandMark />
        </Link>
        {navigation.length > 0 && (
          <nav className="main-nav" aria-label="Main">
            <ul>
              {navigation.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} className="main-nav-link">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="viewer">
          <Link to="/account" className="viewer-text">
            <span className="visually-hidden">Your account: </span>
            <span className="viewer-name" data-testid="viewer-name">
              {viewer.displayName}
            </span>
            <span className="viewer-org">
              <span data-testid="organization-name">{viewer.organization.name}</span>
              <span className="badge badge-kind" data-testid="organization-kind">
                {humanize(viewer.organization.kind)}
              </span>
            </span>
          </Link>
          <button type="button" className="button button-secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
