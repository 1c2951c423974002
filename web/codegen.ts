// Typed operations: `pnpm generate` reads the API's printed schema and the graphql() documents in
// src/**/*.{ts,tsx} and writes src/graphql/generated/ (git-ignored). Local files only, so it runs offline.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/graphql/generated/**', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Cents stays a digit string end to end: never a JS number, so no rounding through floating point.
        scalars: { Cents: 'string', Date: 'string', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
      },
    },
  },
};

export default config;
