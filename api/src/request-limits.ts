// Bounds on what one request may ask of the API, each checked before the work it bounds: the body's size
// while it is read, the document's size before it is parsed, its tokens while it is parsed (so a huge
// document costs only the first tokens), and depth, aliases, directives and cost before it runs.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { queryCostRule } from './query-cost.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './services/entry-service.ts';

export const REQUEST_LIMITS = {
  /** Characters of GraphQL document; data travels in variables, which only the body limit bounds. */
  maxDocumentLength: 32 * 1024,
  maxTokens: 2_000,
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  /** See query-cost.ts: the portal's entries page of 200 rows costs about 4,400. */
  maxCost: 10_000,
  /** Transactions one request may have open at once (each holds a pooled connection). */
  maxConcurrentTransactions: 2,
} as const;

function refuseLongDocuments(maxLength: number): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && params.query.length > maxLength) {
        throw createGraphQLError(
          `The GraphQL document has ${params.query.length} characters; the limit is ${maxLength}. Pass data in variables.`,
          { extensions: { code: 'DOCUMENT_TOO_LARGE', http: { status: 413 } } },
        );
      }
    },
  };
}

function validationRules(rules: Parameters<typeof queryCostRule>[0]): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(queryCostRule(rules));
    },
  };
}

export function requestLimitPlugins(): Plugin[] {
  return [
    refuseLongDocuments(REQUEST_LIMITS.maxDocumentLength),
    EnvelopArmorPlugin({
      maxTokens: { n: REQUEST_LIMITS.maxTokens },
      maxDepth: { n: REQUEST_LIMITS.maxDepth },
      maxAliases: { n: REQUEST_LIMITS.maxAliases },
      maxDirectives: { n: REQUEST_LIMITS.maxDirectives },
      // Replaced by queryCostRule, which also counts pages asked for through variables.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: true },
    }) as Plugin,
    validationRules({
      maxCost: REQUEST_LIMITS.maxCost,
      maxPageSize: MAX_PAGE_SIZE,
      defaultPageSize: DEFAULT_PAGE_SIZE,
    }),
  ];
}
