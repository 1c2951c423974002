import { permissionsFor } from '@cape/auth';
import { useTestDatabase } from '@cape/db/testing';
import {
  type CreatedEntrySummary,
  createBrokerWithFilerCode,
  createEntrySummary,
  createImporterParty,
  createNotifyParty,
  createOrganization,
  createUser,
} from '@cape/testkit';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotSignedInError } from '../errors.ts';
import { loadViewer, type Viewer } from '../viewer.ts';
import { countEntries, listEntries } from './entry-service.ts';

const db = await useTestDatabase();

async function viewerFor(
  organizationId: string,
  role: 'ADMIN' | 'STAFF' | 'VIEWER' = 'STAFF',
): Promise<Viewer> {
  const { user } = await createUser(db.owner, { organizationId, role });
  const viewer = await loadViewer(db.app, user.id, organizationId);
  if (!viewer) throw new Error('no viewer');
  return viewer;
}

const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor', filerCode: 'B76' });
const rival = await createBrokerWithFilerCode(db.owner, { name: 'Rival', filerCode: 'K9R' });
const acme = await createImporterParty(db.owner, { name: 'Acme', clientOf: harbor.organizationId });
const noAccount = await createImporterParty(db.owner, { name: 'Walk-in Importer', organizationId: null });
const harborEntries: CreatedEntrySummary[] = [];
for (let i = 0; i < 5; i++) {
  harborEntries.push(await createEntrySummary(db.owner, { filerCode: 'B76', importerPartyId: acme.partyId }));
}
const walkIn = await createEntrySummary(db.owner, { filerCode: 'B76', importerPartyId: noAccount.partyId });
const rivalEntry = await createEntrySummary(db.owner, {
  filerCode: 'K9R',
  importerPartyId: acme.partyId,
  liquidationStatus: 'LIQUIDATED',
  liquidationDate: '2026-03-06',
});
const harborViewer = await viewerFor(harbor.organizationId);
const rivalViewer = await viewerFor(rival.organizationId);
const acmeViewer = await viewerFor(acme.organizationId!);
const page = { limit: 50, inverted: false };

describe('listEntries', () => {
  it('shows a broker every entry its filer codes filed, for any importer, newest first', async () => {
    const entries = await listEntries(db.app, harborViewer, page);
    expect(entries.map((entry) => entry.entryNumber)).toEqual(
      [...harborEntries.map((created) => created.entryNumber), walkIn.entryNumber].reverse(),
    );
    expect(entries.at(0)?.importer.name).toBe('Walk-in Importer');
  });

  it("never shows a broker another broker's entries, even for a shared importer client", async () => {
    const entries = await listEntries(db.app, harborViewer, page);
    expect(entries.map((entry) => entry.entryNumber)).not.toContain(rivalEntry.entryNumber);
    expect(await listEntries(db.app, rivalViewer, page)).toHaveLength(1);
    expect(await countEntries(db.app, rivalViewer)).toBe(1);
  });

  it('shows an importer the entries filed for it by any broker, and nothing else', async () => {
    const entries = await listEntries(db.app, acmeViewer, page);
    expect(entries).toHaveLength(6);
    expect(entries.map((entry) => entry.entryNumber)).not.toContain(walkIn.entryNumber);
  });

  it('pages with keyset cursors without gaps or repeats', async () => {
    const first = await listEntries(db.app, harborViewer, { limit: 2, inverted: false });
    const second = await listEntries(db.app, harborViewer, {
      limit: 2,
      inverted: false,
      after: first.at(-1)?.id,
    });
    const rest = await listEntries(db.app, harborViewer, {
      limit: 10,
      inverted: false,
      after: second.at(-1)?.id,
    });
    const all = [...first, ...second, ...rest].map((entry) => entry.entryNumber);
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
  });

  it('filters by entry number fragment (hyphens, spaces and case ignored) and liquidation status', async () => {
    const target = harborEntries[2]!.entryNumber;
    const formatted = `${target.slice(0, 3).toLowerCase()}-${target.slice(3, 10)}`;
    expect(
      (await listEntries(db.app, harborViewer, page, { entryNumber: formatted })).map((e) => e.entryNumber),
    ).toEqual([target]);
    expect(await listEntries(db.app, acmeViewer, page, { liquidationStatus: 'LIQUIDATED' })).toHaveLength(1);
    expect(await countEntries(db.app, harborViewer, { liquidationStatus: 'LIQUIDATED' })).toBe(0);
  });

  it('lets operators see every tenant over the operator role, and only there', async () => {
    const operations = await createOrganization(db.owner, { kind: 'OPERATOR', name: 'CBP' });
    const officer = await viewerFor(operations.id);
    expect(await countEntries(db.operator, officer)).toBe(7);
    expect(await countEntries(db.app, officer)).toBe(0);
  });

  it('refuses callers without the entry:read permission or without a session', async () => {
    const notify = await createNotifyParty(db.owner);
    const notifyViewer = await viewerFor(notify.organizationId!);
    expect(permissionsFor('NOTIFY_PARTY', 'STAFF').has('entry:read')).toBe(false);
    await expect(listEntries(db.app, notifyViewer, page)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listEntries(db.app, null, page)).rejects.toBeInstanceOf(NotSignedInError);
  });

  it('is held back by row-level security even if the service forgot its filter', async () => {
    // A forged viewer claiming Harbor's kind but Rival's organization sees only Rival's rows.
    const forged: Viewer = { ...harborViewer, organizationId: rival.organizationId };
    const entries = await listEntries(db.app, forged, page);
    expect(entries.map((entry) => entry.entryNumber)).toEqual([rivalEntry.entryNumber]);
  });
});
