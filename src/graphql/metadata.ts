// Dagster's MetadataEntry interface and one object type per kind, resolved from the entries stored in an
// event's payload (definitions/metadata.ts writes them). Every kind of Dagster's schema exists; Tidepool's SDK
// writes all but TableColumnLineage and CodeReferences (no column lineage or code references in its
// definitions), which are here so that a Dagster client's fragments on them stay valid.
import type { StoredMetadataEntry, StoredTableSchema } from '../definitions/index.js';
import { builder } from './builder.js';
import { AssetKeyType as AssetKeyRef } from './definitions.js';

type Entry = StoredMetadataEntry | { label: string; description: string | null; type: 'tableColumnLineage' | 'codeReferences' };

/** The GraphQL type of each stored kind. */
const TYPE_NAMES: Record<Entry['type'], string> = {
  text: 'TextMetadataEntry',
  markdown: 'MarkdownMetadataEntry',
  url: 'UrlMetadataEntry',
  path: 'PathMetadataEntry',
  notebook: 'NotebookMetadataEntry',
  json: 'JsonMetadataEntry',
  int: 'IntMetadataEntry',
  float: 'FloatMetadataEntry',
  bool: 'BoolMetadataEntry',
  null: 'NullMetadataEntry',
  timestamp: 'TimestampMetadataEntry',
  table: 'TableMetadataEntry',
  tableSchema: 'TableSchemaMetadataEntry',
  asset: 'AssetMetadataEntry',
  job: 'JobMetadataEntry',
  run: 'PipelineRunMetadataEntry',
  pythonArtifact: 'PythonArtifactMetadataEntry',
  tableColumnLineage: 'TableColumnLineageMetadataEntry',
  codeReferences: 'CodeReferencesMetadataEntry',
};

export const MetadataEntryInterface = builder.interfaceRef<Entry>('MetadataEntry').implement({
  resolveType: (entry) => TYPE_NAMES[entry.type] ?? 'TextMetadataEntry',
  fields: (t) => ({
    label: t.exposeString('label'),
    description: t.string({ nullable: true, resolve: (entry) => entry.description }),
  }),
});

/** The entries of a stored list, skipping anything that is not an entry (a payload from a newer writer). */
export function metadataEntries(value: unknown): Entry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is Entry =>
      typeof entry === 'object' && entry !== null && typeof (entry as Entry).label === 'string' && (entry as Entry).type in TYPE_NAMES,
  );
}

function entryType<K extends Entry['type']>(kind: K, fields: (t: Parameters<Parameters<typeof builder.objectFields>[1]>[0]) => object) {
  type Of = Extract<Entry, { type: K }>;
  const ref = builder.objectRef<Of>(TYPE_NAMES[kind]);
  ref.implement({ interfaces: [MetadataEntryInterface], isTypeOf: (value) => (value as Entry).type === kind, fields: () => ({}) });
  builder.objectFields(ref, fields as never);
  return ref;
}

const TableColumnConstraints = builder.objectRef<StoredTableSchema['columns'][number]['constraints']>('TableColumnConstraints').implement({
  fields: (t) => ({ nullable: t.exposeBoolean('nullable'), unique: t.exposeBoolean('unique'), other: t.exposeStringList('other') }),
});
const TableColumn = builder.objectRef<StoredTableSchema['columns'][number]>('TableColumn').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.exposeString('type'),
    description: t.string({ nullable: true, resolve: (column) => column.description }),
    constraints: t.field({ type: TableColumnConstraints, resolve: (column) => column.constraints }),
  }),
});
const TableConstraints = builder.objectRef<StoredTableSchema['constraints']>('TableConstraints').implement({
  fields: (t) => ({ other: t.exposeStringList('other') }),
});
export const TableSchemaRef = builder.objectRef<StoredTableSchema>('TableSchema').implement({
  fields: (t) => ({
    constraints: t.field({ type: TableConstraints, nullable: true, resolve: (schema) => schema.constraints }),
    columns: t.field({ type: [TableColumn], resolve: (schema) => schema.columns }),
  }),
});
const TableRef = builder.objectRef<{ schema: StoredTableSchema; records: string[] }>('Table').implement({
  fields: (t) => ({
    schema: t.field({ type: TableSchemaRef, resolve: (table) => table.schema }),
    records: t.exposeStringList('records'),
  }),
});
const TableColumnDep = builder.objectRef<{ assetKey: string[]; columnName: string }>('TableColumnDep').implement({
  fields: (t) => ({
    assetKey: t.field({ type: AssetKeyRef, resolve: (dep) => ({ path: dep.assetKey }) }),
    columnName: t.exposeString('columnName'),
  }),
});
const TableColumnLineageEntry = builder
  .objectRef<{ columnName: string; columnDeps: { assetKey: string[]; columnName: string }[] }>('TableColumnLineageEntry')
  .implement({
    fields: (t) => ({
      columnName: t.exposeString('columnName'),
      columnDeps: t.field({ type: [TableColumnDep], resolve: (entry) => entry.columnDeps }),
    }),
  });
const LocalFileCodeReference = builder
  .objectRef<{ filePath: string; lineNumber: number | null; label: string | null }>('LocalFileCodeReference')
  .implement({
    isTypeOf: (value) => typeof value === 'object' && value !== null && 'filePath' in value,
    fields: (t) => ({
      filePath: t.exposeString('filePath'),
      lineNumber: t.int({ nullable: true, resolve: (ref) => ref.lineNumber }),
      label: t.string({ nullable: true, resolve: (ref) => ref.label }),
    }),
  });
const UrlCodeReference = builder.objectRef<{ url: string; label: string | null }>('UrlCodeReference').implement({
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'url' in value,
  fields: (t) => ({ url: t.exposeString('url'), label: t.string({ nullable: true, resolve: (ref) => ref.label }) }),
});
const SourceLocation = builder.unionType('SourceLocation', { types: [LocalFileCodeReference, UrlCodeReference] });

/** Dagster's Int field is 32-bit: a larger integer is null there and exact in intRepr. */
const int32 = (repr: string) => {
  const value = Number(repr);
  return Number.isInteger(value) && Math.abs(value) <= 2 ** 31 - 1 ? value : null;
};

entryType('text', (t) => ({ text: t.string({ resolve: (e: { text: string }) => e.text }) }));
entryType('markdown', (t) => ({ mdStr: t.string({ resolve: (e: { mdStr: string }) => e.mdStr }) }));
entryType('url', (t) => ({ url: t.string({ resolve: (e: { url: string }) => e.url }) }));
entryType('path', (t) => ({ path: t.string({ resolve: (e: { path: string }) => e.path }) }));
entryType('notebook', (t) => ({ path: t.string({ resolve: (e: { path: string }) => e.path }) }));
entryType('json', (t) => ({ jsonString: t.string({ resolve: (e: { jsonString: string }) => e.jsonString }) }));
entryType('int', (t) => ({
  intValue: t.int({ nullable: true, resolve: (e: { intRepr: string }) => int32(e.intRepr) }),
  intRepr: t.string({ resolve: (e: { intRepr: string }) => e.intRepr }),
}));
entryType('float', (t) => ({ floatValue: t.float({ nullable: true, resolve: (e: { floatRepr: string }) => Number(e.floatRepr) }) }));
entryType('bool', (t) => ({ boolValue: t.boolean({ nullable: true, resolve: (e: { boolValue: boolean }) => e.boolValue }) }));
entryType('null', () => ({}));
entryType('timestamp', (t) => ({ timestamp: t.float({ resolve: (e: { timestamp: number }) => e.timestamp }) }));
entryType('table', (t) => ({ table: t.field({ type: TableRef, resolve: (e: { records: string[]; schema: StoredTableSchema }) => e }) }));
entryType('tableSchema', (t) => ({ schema: t.field({ type: TableSchemaRef, resolve: (e: { schema: StoredTableSchema }) => e.schema }) }));
entryType('asset', (t) => ({ assetKey: t.field({ type: AssetKeyRef, resolve: (e: { assetKey: string[] }) => ({ path: e.assetKey }) }) }));
entryType('job', (t) => ({
  jobName: t.string({ resolve: (e: { jobName: string }) => e.jobName }),
  repositoryName: t.string({ nullable: true, resolve: (e: { repositoryName: string | null }) => e.repositoryName }),
  locationName: t.string({ resolve: (e: { locationName: string }) => e.locationName }),
}));
entryType('run', (t) => ({ runId: t.string({ resolve: (e: { runId: string }) => e.runId }) }));
entryType('pythonArtifact', (t) => ({
  module: t.string({ resolve: (e: { module: string }) => e.module }),
  name: t.string({ resolve: (e: { name: string }) => e.name }),
}));
entryType('tableColumnLineage', (t) => ({
  lineage: t.field({ type: [TableColumnLineageEntry], resolve: (e: { lineage?: never[] }) => e.lineage ?? [] }),
}));
entryType('codeReferences', (t) => ({
  codeReferences: t.field({ type: [SourceLocation], resolve: (e: { codeReferences?: never[] }) => e.codeReferences ?? [] }),
}));
