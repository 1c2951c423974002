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

export default function (data) {
  const viewer = graphql('{ viewer { email organization { name } } }', {}, data.token, 'viewer');
  check(viewer, {
    'viewer 200': (r) => r.status === 200,
    'viewer signed in': (r) => r.json('data.viewer.email') !== null,
  });

  let after = null;
  for (let page = 0; page < 3; page++) {
    const response = graphql(ENTRIES, { first: 50, after }, data.token, 'entries');
    const ok = check(response, {
      'entries 200': (r) => r.status === 200,
      'entries without errors': (r) => !r.json('errors'),
      'entries page full': (r) => (r.json('data.entries.edges') || []).length > 0,
    });
    if (!ok) break;
    after = response.json('data.entries.pageInfo.endCursor');
  }

  const filtered = graphql(
    ENTRIES,
    { first: 20, filter: { liquidationStatus: 'LIQUIDATED' } },
    data.token,
    'entries',
  );
  check(filtered, { 'filtered entries without errors': (r) => r.status === 200 && !r.json('errors') });
  sleep(0.2);
}
