import type { SignedInViewer } from '../app/viewer.ts';
import type { EntryRowFragment } from '../graphql/generated/graphql.ts';

export function entryRow(overrides: Partial<EntryRowFragment> = {}): EntryRowFragment {
  return {
    id: '1',
    entryNumber: 'ABC12345678',
    formattedEntryNumber: 'ABC-1234567-8',
    entryType: '01',
    entryDate: '2025-04-09',
    portCode: '2704',
    summaryStatus: 'ACCEPTED',
    liquidationStatus: 'UNLIQUIDATED',
    liquidationDate: null,
    ieepaDutyCents: '123456',
    totalDutyCents: '98765432101',
    flags: [],
    importer: { name: 'Acme Imports LLC', iorNumber: '12-3456789AB' },
    ...overrides,
  };
}

type ViewerOverrides = Partial<Omit<SignedInViewer, 'organization'>> & {
  organization?: Partial<SignedInViewer['organization']>;
};

function viewer(base: SignedInViewer, overrides: ViewerOverrides): SignedInViewer {
  return { ...base, ...overrides, organization: { ...base.organization, ...overrides.organization } };
}

/** Permissions as packages/auth grants them to each kind and role (the portal only reads the list). */
export function brokerStaff(overrides: ViewerOverrides = {}): SignedInViewer {
  return viewer(
    {
      userId: 'u-broker',
      displayName: 'Ana Broker',
      email: 'ana@broker.test',
      role: 'STAFF',
      permissions: [
        'ENTRY_READ',
        'DECLARATION_READ',
        'REFUND_READ',
        'PARTY_READ',
        'DECLARATION_FILE',
        'ENTRY_INGEST',
      ],
      organization: { id: 'o-broker', name: 'Harbor Customs Brokerage', kind: 'BROKER' },
    },
    overrides,
  );
}

export function importerAdmin(overrides: ViewerOverrides = {}): SignedInViewer {
  return brokerStaff({
    userId: 'u-importer',
    displayName: 'Ivy Importer',
    email: 'ivy@acme.test',
    role: 'ADMIN',
    permissions: [
      'ENTRY_READ',
      'DECLARATION_READ',
      'REFUND_READ',
      'PARTY_READ',
      'DECLARATION_FILE',
      'ENTRY_INGEST',
      'ACH_ENROLLMENT_MANAGE',
      'FORM_4811_MANAGE',
      'AUDIT_READ',
      'DECLARATION_APPROVE',
    ],
    organization: { id: 'o-importer', name: 'Acme Imports LLC', kind: 'IMPORTER' },
    ...overrides,
  });
}

export function notifyPartyStaff(overrides: ViewerOverrides = {}): SignedInViewer {
  return brokerStaff({
    userId: 'u-notify',
    displayName: 'Nia Notify',
    email: 'nia@keystone.test',
    permissions: ['REFUND_READ', 'PARTY_READ'],
    organization: { id: 'o-notify', name: 'Keystone Trade Finance LLC', kind: 'NOTIFY_PARTY' },
    ...overrides,
  });
}

export function operatorStaff(overrides: ViewerOverrides = {}): SignedInViewer {
  return brokerStaff({
    userId: 'u-operator',
    displayName: 'Omar Operator',
    email: 'omar@cbp.test',
    permissions: [
      'ENTRY_READ',
      'DECLARATION_READ',
      'REFUND_READ',
      'PARTY_READ',
      'AUDIT_READ',
      'OPERATIONS_REVIEW',
      'PROCESSING_RUN',
      'ENTRY_INGEST',
    ],
    organization: { id: 'o-operator', name: 'CBP Operations', kind: 'OPERATOR' },
    ...overrides,
  });
}
