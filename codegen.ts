import type { CodegenConfig } from '@graphql-codegen/cli';

// typescript-operations v6 emits the schema types each operation needs; adding the 'typescript' plugin
// would declare them twice (dotansimha/graphql-code-generator#10782).
// Typed documents for every operation the tests and examples send, generated from the printed schema
// (schema/schema.graphql, itself printed from the Pothos code and checked by a test).
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql', 'examples/**/*.graphql'],
  generates: {
    'test/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: { useTypeImports: true, enumsAsTypes: true, avoidOptionals: false, scalars: { JSONString: 'string' } },
    },
  },
  hooks: {},
};

export default config;
