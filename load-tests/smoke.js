// k6 smoke scenario: a few broker users sign in and page through their entries.
// Loopback only, bounded in time; thresholds make the run fail when the API is slow or erroring.
//   BASE_URL=http://127.0.0.1:4000 EMAIL=... PASSWORD=... k6 run load-tests/smoke.js
import { check, fail, sleep } from 'k6';
import http from 'k6/http';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:4000';
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(BASE_URL)) {
  throw new Error(`BASE_URL must be a loopback address, got ${BASE_URL}`);
}

export const options = {
  scenarios: {
    browse_entries: {
      executor: 'constant-vus',
      vus: Number(__ENV.VUS || 5),
      duration: __ENV.DURATION || '20s',
      gracefulStop: '5s',
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{operation:entries}': ['p(95)<500'],
    'http_req_duration{operation:viewer}': ['p(95)<200'],
    checks: ['rate>0.99'],
  },
};

function graphql(query, variables, token, operation) {
  return http.post(`${BASE_URL}/graphql`, JSON.stringify({ query, variables }), {
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    tags: { operation },
  });
}

export function setup() {
  const response = graphql(
    `mutation SignIn($input: SignInInput!) {
      signIn(input: $input) { __typename ... on MutationSignInSuccess { data { token } } ... on Error { message } }
    }`,
    { input: { email: __ENV.EMAIL, password: __ENV.PASSWORD } },
    null,
    'signIn',
  );
  const result = response.json('data.signIn');
  if (result?.__typename !== 'MutationSignInSuccess') fail(`sign-in failed: ${response.body}`);
  return { token: result.data.token };
}

const ENTRIES = `query Entries($first: Int!, $after: String, $filter: EntryFilter) {
  entries(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id formattedEntryNumber entryType liquidationStatus ieepaDutyCents importer { name } } }
  }
}`;

/** The response's JSON body, or null when it is not JSON (so a check fails instead of throwing). */
function body(response) {
  try {
    return JSON.parse(response.body);
  } catch {
    return null;
  }
}

/** A GraphQL answer without errors: HTTP 200, no `errors`, and `data` present. */
function answered(response) {
  const json = body(response);
  return response.status === 200 && json !== null && json.errors === undefined && json.data != null;
}

const ENTRY_NUMBER = /^[A-Z0-9]{3}-\d{7}-\d$/;
const CENTS = /^\d+$/;

function wellFormedEntry(node) {
  return (
    typeof node?.id === 'string' &&
    ENTRY_NUMBER.test(node.formattedEntryNumber) &&
    CENTS.test(node.ieepaDutyCents) &&
    typeof node.importer?.name === 'string' &&
    node.importer.name !== ''
  );
}

export default function (data) {
  const viewer = graphql('{ viewer { email organization { name } } }', {}, data.token, 'viewer');
  check(viewer, {
    'viewer answered without errors': answered,
    'viewer is the signed-in user': (r) => body(r)?.data?.viewer?.email === __ENV.EMAIL,
    'viewer has an organization': (r) => typeof body(r)?.data?.viewer?.organization?.name === 'string',
  });

  const PAGE_SIZE = 50;
  const seen = new Set();
  let after = null;
  for (let page = 0; page < 3; page++) {
    const response = graphql(ENTRIES, { first: PAGE_SIZE, after }, data.token, 'entries');
    const entries = body(response)?.data?.entries;
    const nodes = (entries?.edges ?? []).map((edge) => edge.node);
    const ok = check(response, {
      'entries answered without errors': answered,
      // The demo broker has thousands of entries: every page asked for here is full.
      'entries page full': () => nodes.length === PAGE_SIZE && entries.pageInfo.hasNextPage === true,
      'entries well formed': () => nodes.length > 0 && nodes.every(wellFormedEntry),
      'entries total counts them': () =>
        Number.isInteger(entries?.totalCount) && entries.totalCount > PAGE_SIZE,
      'entries pages do not repeat': () => nodes.length > 0 && nodes.every((node) => !seen.has(node.id)),
    });
    if (!ok) break;
    for (const node of nodes) seen.add(node.id);
    after = entries.pageInfo.endCursor;
  }

  const filtered = graphql(
    ENTRIES,
    { first: 20, filter: { liquidationStatus: 'LIQUIDATED' } },
    data.token,
    'entries',
  );
  const filteredNodes = (body(filtered)?.data?.entries?.edges ?? []).map((edge) => edge.node);
  check(filtered, {
    'filtered entries answered without errors': answered,
    'filtered entries all liquidated': () =>
      filteredNodes.length > 0 && filteredNodes.every((node) => node.liquidationStatus === 'LIQUIDATED'),
  });
  sleep(0.2);
}
