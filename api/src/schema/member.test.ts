// Members over HTTP: an invitation e-mailed through a real SMTP exchange, accepted without a session;
// role changes and removal take effect on the member's very next request.
import { useTestDatabase } from '@cape/db/testing';
import { createBrokerWithFilerCode, createUser } from '@cape/testkit';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../http-testing.ts';
import { TEST_API_CONFIG } from '../testing.ts';

const received: { to: string[]; message: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  onData(stream, session, callback) {
    let message = '';
    stream.on('data', (chunk: Buffer) => {
      message += chunk.toString('utf8');
    });
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), message });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;

const db = await useTestDatabase();
const harbor = await createBrokerWithFilerCode(db.owner, { name: 'Harbor Brokerage' });
const admin = await createUser(db.owner, {
  email: 'admin@harbor.test',
  organizationId: harbor.organizationId,
  role: 'ADMIN',
});
const api = await startTestApi(db.app, {
  ...TEST_API_CONFIG,
  portalUrl: 'https://portal.cape.test',
  mail: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: 'CAPE <no-reply@cape.test>' },
});
afterAll(async () => {
  await api.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});
const adminSession = await api.signIn('admin@harbor.test', admin.password);

/** The body as written: quoted-printable soft line breaks and escapes undone. */
function decodedBody(message: string): string {
  return message
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const INVITE = `mutation Invite($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    __typename
    ... on InviteMemberSuccess { acceptUrl emailed emailError invitation { id email role state } }
    ... on Error { message }
  }
}`;
const ACCEPT = `mutation Accept($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    __typename
    ... on AcceptInvitationSuccess { organizationName email }
    ... on ValidationError { issues { path message } }
    ... on Error { message }
  }
}`;
const MEMBERS = '{ members { userId email role achAccess } }';

describe('members over HTTP', () => {
  it('invites by e-mail with a one-time link that works without a session, once', async () => {
    const invited = (
      await api.graphql(INVITE, { input: { email: 'clerk@harbor.test', role: 'STAFF' } }, adminSession)
    ).data?.inviteMember;
    expect(invited).toMatchObject({ __typename: 'InviteMemberSuccess', emailed: true, emailError: null });
    const secret = invited.acceptUrl.match(
      /^https:\/\/portal\.cape\.test\/accept-invitation#([A-Za-z0-9_-]{43})$/,
    )?.[1];
    expect(secret).toBeDefined();
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['clerk@harbor.test']);
    expect(received[0]!.message).toMatch(/^From: CAPE <no-reply@cape\.test>\r?$/m);
    expect(decodedBody(received[0]!.message)).toContain(invited.acceptUrl);

    const preview = await api.graphql(
      'query Preview($secret: String!) { invitation(secret: $secret) { organizationName email role state accountExists } }',
      { secret },
    );
    expect(preview.data?.invitation).toEqual({
      organizationName: 'Harbor Brokerage',
      email: 'clerk@harbor.test',
      role: 'STAFF',
      state: 'OPEN',
      accountExists: false,
    });
    const short = await api.graphql(ACCEPT, { input: { secret, password: 'short', displayName: 'Clerk' } });
    expect(short.data?.acceptInvitation).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.password', message: 'Choose a password of at least 12 characters.' }],
    });
    const accepted = await api.graphql(ACCEPT, {
      input: { secret, password: 'a long enough password', displayName: 'Clerk' },
    });
    expect(accepted.data?.acceptInvitation).toEqual({
      __typename: 'AcceptInvitationSuccess',
      organizationName: 'Harbor Brokerage',
      email: 'clerk@harbor.test',
    });
    const again = await api.graphql(ACCEPT, {
      input: { secret, password: 'a long enough password', displayName: 'Clerk' },
    });
    expect(again.data?.acceptInvitation).toMatchObject({ __typename: 'NotAllowedError' });
    const clerkSession = await api.signIn('clerk@harbor.test', 'a long enough password');
    expect(
      (await api.graphql('{ viewer { organization { name } role } }', {}, clerkSession)).data?.viewer,
    ).toEqual({
      organization: { name: 'Harbor Brokerage' },
      role: 'STAFF',
    });
  });

  it('changes a role with effect on the member’s next request', async () => {
    const second = await createUser(db.owner, {
      email: 'second@harbor.test',
      organizationId: harbor.organizationId,
      role: 'ADMIN',
    });
    const secondSession = await api.signIn('second@harbor.test', second.password);
    expect((await api.graphql(MEMBERS, {}, secondSession)).data?.members.length).toBeGreaterThan(1);
    const changed = await api.graphql(
      `mutation { changeMemberRole(input: { userId: "${second.user.id}", role: VIEWER }) {
        __typename ... on ChangeMemberRoleSuccess { member { email role } } } }`,
      {},
      adminSession,
    );
    expect(changed.data?.changeMemberRole).toEqual({
      __typename: 'ChangeMemberRoleSuccess',
      member: { email: 'second@harbor.test', role: 'VIEWER' },
    });
    const after = await api.graphql(MEMBERS, {}, secondSession);
    expect(after.errors?.[0]?.message).toMatch(/Not authorized/);
    const lastAdmin = await api.graphql(
      `mutation { changeMemberRole(input: { userId: "${admin.user.id}", role: STAFF }) { __typename ... on Error { message } } }`,
      {},
      adminSession,
    );
    expect(lastAdmin.data?.changeMemberRole.message).toContain('at least one admin');
  });

  it('removes a member: the very next request with their session is signed out, and their tokens are revoked', async () => {
    const leaving = await createUser(db.owner, {
      email: 'leaving@harbor.test',
      organizationId: harbor.organizationId,
      role: 'ADMIN',
    });
    const leavingSession = await api.signIn('leaving@harbor.test', leaving.password);
    const token = (
      await api.graphql(
        'mutation { createApiToken(input: { name: "script", scopes: [ENTRY_READ] }) { ... on CreateApiTokenSuccess { token } } }',
        {},
        leavingSession,
      )
    ).data?.createApiToken.token;
    expect((await api.graphql('{ viewer { email } }', {}, token)).data?.viewer).toEqual({
      email: 'leaving@harbor.test',
    });

    const removed = await api.graphql(
      `mutation { removeMember(input: { userId: "${leaving.user.id}" }) {
        __typename ... on RemoveMemberSuccess { userId revokedApiTokenCount } } }`,
      {},
      adminSession,
    );
    expect(removed.data?.removeMember).toEqual({
      __typename: 'RemoveMemberSuccess',
      userId: leaving.user.id,
      revokedApiTokenCount: 1,
    });
    expect((await api.graphql('{ viewer { email } }', {}, leavingSession)).data?.viewer).toBeNull();
    expect((await api.graphql(MEMBERS, {}, leavingSession)).errors?.[0]?.message).toMatch(/Not authorized/);
    expect((await api.graphql('{ viewer { email } }', {}, token)).data?.viewer).toBeNull();
  });
});
