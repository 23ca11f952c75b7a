import type { CodegenConfig } from '@graphql-codegen/cli';

// The console's operations (console/src/operations), typed against the printed schema. Documents are plain
// strings (documentMode: string), so the bundle carries no GraphQL parser: fetch and graphql-ws send the text.
// Run from the repository root: `npm run console:codegen`.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['console/src/operations/**/*.graphql'],
  generates: {
    'console/src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: false,
        scalars: { JSONString: 'string' },
      },
    },
  },
};

export default config;
