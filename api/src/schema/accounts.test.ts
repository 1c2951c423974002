// ACH refund enrollment and Form 4811 over HTTP, and every accounts query and mutation tried by every role
// of foreign organizations: each is refused or sees nothing, and nothing of the target changes.
import { randomBytes } from 'node:crypto';
import { parseAchKeyRing } from '@cape/core';
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createImporterParty, createNotifyParty, createUser } from '@cape/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, startTestApi } from '../http-testing.ts';
import { TEST_API_CONFIG } from '../testing.ts';
import { schema } from './index.ts';

const db = await useTestDatabase();
const api = await startTestApi(db.app, {
  ...TEST_API_CONFIG,
  achKeyRing: parseAchKeyRing(`t1:${randomBytes(32).toString('base64')}`),
});
afterAll(() => api.close());

const acme = await createImporterParty(db.owner, { name: 'Acme Imports', partyNumber: '12-345678900' });
const keystone = await createNotifyParty(db.owner, {
  name: 'Keystone Trade Finance',
  partyNumber: '45-678901200',
});
const rival = await createImporterParty(db.owner, { name: 'Rival Goods', partyNumber: '98-765432100' });
const rivalBroker = await createBrokerWithFilerCode(db.owner, { name: 'Rival Brokerage' });

async function member(organizationId: string, role: 'ADMIN' | 'STAFF' | 'VIEWER', email: string) {
  const created = await createUser(db.owner, { email, organizationId, role });
  return { userId: created.user.id, session: await api.signIn(email, created.password) };
}
const acmeAdmin = await member(acme.organizationId!, 'ADMIN', 'admin@acme.test');
const acmeClerk = await member(acme.organizationId!, 'STAFF', 'clerk@acme.test');
const keystoneStaff = await member(keystone.organizationId!, 'STAFF', 'staff@keystone.test');
const foreigners = {
  'importer admin': await member(rival.organizationId!, 'ADMIN', 'admin@rival.test'),
  'importer staff': await member(rival.organizationId!, 'STAFF', 'staff@rival.test'),
  'importer viewer': await member(rival.organizationId!, 'VIEWER', 'viewer@rival.test'),
  'broker admin': await member(rivalBroker.organizationId, 'ADMIN', 'admin@rivalbroker.test'),
  'broker staff': await member(rivalBroker.organizationId, 'STAFF', 'staff@rivalbroker.test'),
};

const ENROLL = `mutation Enroll($input: EnrollAchRefundInput!) {
  enrollAchRefund(input: $input) {
    __typename
    ... on EnrollAchRefundSuccess { party { partyNumber enrollment { routingNumber accountNumberMasked accountType status } } }
    ... on ValidationError { issues { path message } }
    ... on Error { message }
  }
}`;
const ENROLLMENTS = `{ achRefundEnrollments { __typename
  ... on AchRefundEnrollments { access parties { partyNumber enrollment { accountNumberMasked status } } }
  ... on Error { message } } }`;
const DESIGNATE = `mutation Designate($input: DesignateForm4811NotifyPartyInput!) {
  designateForm4811NotifyParty(input: $input) {
    __typename
    ... on Form4811DesignationSuccess { designation { id status notifyParty { partyNumber name } } }
    ... on Error { message }
  }
}`;
const RECEIVED = `{ form4811DesignationsReceived(first: 10) { totalCount edges { node {
  importer { partyNumber name } coversRefunds effectiveFrom inForceToday notifyPartyAchActive refundsRoutedToNotifyParty refundRouting } } } }`;

const ACCOUNT_NUMBER = '000555666777';

describe('ACH refund enrollment over HTTP', () => {
  it('enrolls for the importer admin and never returns the account number', async () => {
    const result = await api.graphql(
      ENROLL,
      { input: { routingNumber: '021000021', accountNumber: ACCOUNT_NUMBER, accountType: 'SAVINGS' } },
      acmeAdmin.session,
    );
    expect(result.data?.enrollAchRefund).toEqual({
      __typename: 'EnrollAchRefundSuccess',
      party: {
        partyNumber: '12-345678900',
        enrollment: {
          routingNumber: '021000021',
          accountNumberMasked: '••••6777',
          accountType: 'SAVINGS',
          status: 'ACTIVE',
        },
      },
    });
    const listed = await api.graphql(ENROLLMENTS, {}, acmeAdmin.session);
    expect(listed.data?.achRefundEnrollments).toEqual({
      __typename: 'AchRefundEnrollments',
      access: 'FULL',
      parties: [
        { partyNumber: '12-345678900', enrollment: { accountNumberMasked: '••••6777', status: 'ACTIVE' } },
      ],
    });
    expect(JSON.stringify([result, listed])).not.toContain('555666777');
    const row = await db.owner.achRefundEnrollment.findUniqueOrThrow({ where: { partyId: acme.partyId } });
    expect(row.accountCiphertext).not.toContain('555666777');
  });

  it('refuses a bad routing number with the reason, and a member without a grant', async () => {
    const bad = await api.graphql(
      ENROLL,
      { input: { routingNumber: '021000022', accountNumber: '12345678', accountType: 'CHECKING' } },
      acmeAdmin.session,
    );
    expect(bad.data?.enrollAchRefund).toMatchObject({
      __typename: 'ValidationError',
      issues: [
        {
          path: 'input.routingNumber',
          message: '021000022 fails the ABA check digit: a digit is probably mistyped.',
        },
      ],
    });
    expect(
      (await api.graphql(ENROLLMENTS, {}, acmeClerk.session)).data?.achRefundEnrollments.__typename,
    ).toBe('ForbiddenError');
  });

  it('lets a read-only grantee view but not change it', async () => {
    const granted = await api.graphql(
      `mutation { setAchAccess(input: { userId: "${acmeClerk.userId}", access: READ_ONLY }) { __typename ... on SetAchAccessSuccess { access } } }`,
      {},
      acmeAdmin.session,
    );
    expect(granted.data?.setAchAccess).toEqual({ __typename: 'SetAchAccessSuccess', access: 'READ_ONLY' });
    expect((await api.graphql(ENROLLMENTS, {}, acmeClerk.session)).data?.achRefundEnrollments.access).toBe(
      'READ_ONLY',
    );
    const change = await api.graphql(
      ENROLL,
      { input: { routingNumber: '011000015', accountNumber: '99990000', accountType: 'CHECKING' } },
      acmeClerk.session,
    );
    expect(change.data?.enrollAchRefund.__typename).toBe('ForbiddenError');
  });
});

describe('Form 4811 over HTTP', () => {
  it('shows the notify party what is routed to it and why', async () => {
    const designated = await api.graphql(
      DESIGNATE,
      {
        input: {
          notifyPartyNumber: '45-678901200',
          coversRefunds: true,
          coversBills: false,
          coversLiquidationNotices: false,
        },
      },
      acmeAdmin.session,
    );
    expect(designated.data?.designateForm4811NotifyParty).toMatchObject({
      __typename: 'Form4811DesignationSuccess',
      designation: {
        status: 'IN_FORCE',
        notifyParty: { partyNumber: '45-678901200', name: 'Keystone Trade Finance' },
      },
    });
    const received = await api.graphql(RECEIVED, {}, keystoneStaff.session);
    expect(received.data?.form4811DesignationsReceived.totalCount).toBe(1);
    expect(received.data?.form4811DesignationsReceived.edges[0].node).toMatchObject({
      importer: { partyNumber: '12-345678900', name: 'Acme Imports' },
      inForceToday: true,
      notifyPartyAchActive: false,
      refundsRoutedToNotifyParty: false,
      refundRouting: expect.stringContaining(
        'has no active ACH refund enrollment, so they are paid to Acme Imports',
      ),
    });
  });
});

describe('foreign organizations, every role, every accounts query and mutation', () => {
  // Acme's objects, made once the tests above have enrolled and designated.
  const target = { invitation: '', token: '', designation: '', secrets: [] as string[], before: '' };
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        db.owner.achRefundEnrollment.findMany({ where: { organizationId: acme.organizationId! } }),
        db.owner.achAccessGrant.findMany({ where: { organizationId: acme.organizationId! } }),
        db.owner.form4811Designation.findMany({ where: { importerPartyId: acme.partyId } }),
        db.owner.membership.findMany({
          where: { organizationId: acme.organizationId! },
          orderBy: { id: 'asc' },
        }),
        db.owner.memberInvitation.findMany({ where: { organizationId: acme.organizationId! } }),
        db.owner.apiToken.findMany({ where: { organizationId: acme.organizationId! } }),
      ]),
    );
  beforeAll(async () => {
    target.invitation = (
      await api.graphql(
        'mutation { inviteMember(input: { email: "new@acme.test", role: STAFF }) { ... on InviteMemberSuccess { invitation { id } } } }',
        {},
        acmeAdmin.session,
      )
    ).data?.inviteMember.invitation.id as string;
    target.token = (
      await api.graphql(
        'mutation { createApiToken(input: { name: "acme erp", scopes: [ENTRY_READ] }) { ... on CreateApiTokenSuccess { apiToken { id } } } }',
        {},
        acmeAdmin.session,
      )
    ).data?.createApiToken.apiToken.id as string;
    target.designation = (
      await db.owner.form4811Designation.findFirstOrThrow({ where: { importerPartyId: acme.partyId } })
    ).id;
    target.secrets = [
      acme.partyId,
      '12-345678900',
      'Acme Imports',
      'acme.test',
      target.invitation,
      target.token,
      target.designation,
      '••••6777',
    ];
    target.before = await snapshot();
  });

  const queries: Record<string, string> = {
    achRefundEnrollments: ENROLLMENTS,
    achAccessGrants: '{ achAccessGrants { userId email access } }',
    form4811DesignationsGiven:
      '{ form4811DesignationsGiven(first: 50) { edges { node { id importer { partyNumber } } } } }',
    form4811DesignationsReceived: RECEIVED,
    members: '{ members { userId email } }',
    memberInvitations: '{ memberInvitations { id email } }',
    apiTokens: '{ apiTokens { id name } }',
  };
  const mutations: Record<string, [string, () => Record<string, unknown>]> = {
    enrollAchRefund: [
      ENROLL,
      () => ({
        input: {
          partyNumber: '12-345678900',
          routingNumber: '021000021',
          accountNumber: '11112222',
          accountType: 'CHECKING',
        },
      }),
    ],
    revokeAchRefundEnrollment: [
      'mutation($input: RevokeAchRefundEnrollmentInput!) { revokeAchRefundEnrollment(input: $input) { __typename } }',
      () => ({ input: { partyNumber: '12-345678900' } }),
    ],
    setAchAccess: [
      'mutation($input: SetAchAccessInput!) { setAchAccess(input: $input) { __typename } }',
      () => ({ input: { userId: acmeClerk.userId, access: 'FULL' } }),
    ],
    designateForm4811NotifyParty: [
      DESIGNATE,
      () => ({
        input: {
          importerNumber: '12-345678900',
          notifyPartyNumber: '98-765432100',
          coversRefunds: false,
          coversBills: true,
          coversLiquidationNotices: false,
        },
      }),
    ],
    revokeForm4811Designation: [
      'mutation($input: RevokeForm4811DesignationInput!) { revokeForm4811Designation(input: $input) { __typename } }',
      () => ({ input: { designationId: target.designation } }),
    ],
    revokeMemberInvitation: [
      'mutation($input: RevokeMemberInvitationInput!) { revokeMemberInvitation(input: $input) { __typename } }',
      () => ({ input: { invitationId: target.invitation } }),
    ],
    changeMemberRole: [
      'mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { __typename } }',
      () => ({ input: { userId: acmeClerk.userId, role: 'ADMIN' } }),
    ],
    removeMember: [
      'mutation($input: RemoveMemberInput!) { removeMember(input: $input) { __typename } }',
      () => ({ input: { userId: acmeClerk.userId } }),
    ],
    revokeApiToken: [
      'mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { __typename } }',
      () => ({ input: { tokenId: target.token } }),
    ],
  };
  for (const [role, foreigner] of Object.entries(foreigners)) {
    it.each(Object.entries(queries))(`${role}: query %s shows nothing of Acme`, async (_name, query) => {
      const result = await api.graphql(query, {}, foreigner.session);
      const text = JSON.stringify(result);
      for (const secret of target.secrets) expect(text).not.toContain(secret);
    });
    it.each(Object.entries(mutations))(
      `${role}: mutation %s is refused`,
      async (name, [mutation, variables]) => {
        const result = await api.graphql(mutation, variables(), foreigner.session);
        const outcome: Json = result.data?.[name];
        expect(['ValidationError', 'ForbiddenError', 'NotAllowedError']).toContain(outcome?.__typename);
      },
    );
  }

  it('left everything of Acme as it was', async () => {
    expect(await snapshot()).toBe(target.before);
  });

  it('covers every accounts field of the schema', () => {
    const fields = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
    ];
    // Fields of this area not tried above act only within the caller's own account (create, invite) or
    // need the link's secret (invitation, acceptInvitation).
    const ownAccountOnly = ['createApiToken', 'inviteMember', 'invitation', 'acceptInvitation'];
    const accounts = fields.filter((name) =>
      /^ach[A-Z]|Ach[A-Z]|^form4811|Form4811|^member|Member|^invitation|Invitation|^apiToken|ApiToken/.test(
        name,
      ),
    );
    expect(accounts.length).toBe(20);
    expect(
      accounts.filter((name) => !(name in queries) && !(name in mutations) && !ownAccountOnly.includes(name)),
    ).toEqual([]);
  });
});
