import { describe, expect, it } from 'vitest';
import { brokerStaff, importerAdmin, notifyPartyStaff, operatorStaff } from '../test/fixtures.ts';
import { homePathFor, navigationFor } from './navigation.ts';

const labels = (viewer: Parameters<typeof navigationFor>[0]) =>
  navigationFor(viewer).map((item) => item.label);

describe('navigation', () => {
  it('shows each kind of organization the pages built for it', () => {
    expect(labels(brokerStaff())).toEqual(['Entries', 'Ingest', 'Refunds']);
    expect(labels(importerAdmin())).toEqual(['Entries', 'Ingest', 'Refunds']);
    expect(labels(brokerStaff({ role: 'VIEWER', permissions: ['ENTRY_READ', 'REFUND_READ'] }))).toEqual([
      'Entries',
      'Refunds',
    ]);
    // The operator may read entries, but its work is the review queue and processing, not an entry list.
    expect(labels(operatorStaff())).toEqual(['Review queue', 'Processing']);
    expect(labels(notifyPartyStaff())).toEqual(['Refunds']);
  });

  it('leaves out pages whose permission the person lacks', () => {
    expect(labels(brokerStaff({ permissions: ['DECLARATION_READ'] }))).toEqual([]);
    expect(labels(brokerStaff({ permissions: ['REFUND_READ'] }))).toEqual(['Refunds']);
  });

  it('starts each person on the first page of their navigation, or their account', () => {
    expect(homePathFor(brokerStaff())).toBe('/entries');
    expect(homePathFor(importerAdmin())).toBe('/entries');
    expect(homePathFor(notifyPartyStaff())).toBe('/refunds');
    expect(homePathFor(notifyPartyStaff({ permissions: ['PARTY_READ'] }))).toBe('/account');
    expect(homePathFor(operatorStaff())).toBe('/review-queue');
    expect(homePathFor(operatorStaff({ permissions: ['ENTRY_READ', 'AUDIT_READ'] }))).toBe('/account');
  });
});
