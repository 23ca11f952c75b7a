// Metadata a step attaches to its output, its asset's materialization, an observation or an expectation
// result: Dagster's MetadataValue kinds, in camelCase. A plain value is typed as Dagster types it (a string
// is text, an integer int, another number float, a boolean bool, null null, a Date a timestamp, an object or
// array json); anything else is refused by an InvalidMetadataError naming its key, and so is a value the
// kind cannot hold (MetadataValue.int(1.5), a url that is not a string, json with a cycle). Entries are stored
// in the event's payload as `{ label, description, type, ...value }` (StoredMetadataEntry), which the GraphQL
// layer resolves to Dagster's typed MetadataEntry objects.

/** A metadata value the step gave that Tidepool cannot store: the step fails with this error. */
export class InvalidMetadataError extends Error {
  override readonly name = 'InvalidMetadataError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Metadata entry "${key}" is invalid: ${reason}`);
  }
}

export interface TableColumnConstraintsShape {
  nullable?: boolean;
  unique?: boolean;
  other?: string[];
}

export interface TableColumnShape {
  name: string;
  type?: string;
  description?: string | null;
  constraints?: TableColumnConstraintsShape;
}

export interface TableSchemaShape {
  columns: TableColumnShape[];
  constraints?: { other?: string[] };
}

/** Dagster's TableColumn. */
export class TableColumn {
  readonly name: string;
  readonly type: string;
  readonly description: string | null;
  readonly constraints: Required<TableColumnConstraintsShape>;
  constructor(column: TableColumnShape) {
    this.name = column.name;
    this.type = column.type ?? 'string';
    this.description = column.description ?? null;
    this.constraints = {
      nullable: column.constraints?.nullable ?? true,
      unique: column.constraints?.unique ?? false,
      other: column.constraints?.other ?? [],
    };
  }
}

/** Dagster's TableSchema: columns (with their constraints) and table-wide constraints. */
export class TableSchema {
  readonly columns: TableColumn[];
  readonly constraints: { other: string[] };
  constructor(schema: TableSchemaShape) {
    this.columns = (schema.columns ?? []).map((column) => (column instanceof TableColumn ? column : new TableColumn(column)));
    this.constraints = { other: schema.constraints?.other ?? [] };
  }
}

/** Dagster's TableRecord: one row of a table value. */
export class TableRecord {
  constructor(readonly data: Record<string, string | number | boolean | null>) {}
}

/** What an entry holds, by kind (the stored form; GraphQL: one MetadataEntry type per kind). */
export type MetadataEntryValue =
  | { type: 'text'; text: string }
  | { type: 'markdown'; mdStr: string }
  | { type: 'url'; url: string }
  | { type: 'path'; path: string }
  | { type: 'notebook'; path: string }
  | { type: 'json'; jsonString: string }
  | { type: 'int'; intRepr: string }
  | { type: 'float'; floatRepr: string }
  | { type: 'bool'; boolValue: boolean }
  | { type: 'null' }
  | { type: 'timestamp'; timestamp: number }
  | { type: 'table'; records: string[]; schema: StoredTableSchema }
  | { type: 'tableSchema'; schema: StoredTableSchema }
  | { type: 'asset'; assetKey: string[] }
  | { type: 'job'; jobName: string; locationName: string; repositoryName: string | null }
  | { type: 'run'; runId: string }
  | { type: 'pythonArtifact'; module: string; name: string };

export interface StoredTableSchema {
  columns: {
    name: string;
    type: string;
    description: string | null;
    constraints: { nullable: boolean; unique: boolean; other: string[] };
  }[];
  constraints: { other: string[] };
}

export type StoredMetadataEntry = { label: string; description: string | null } & MetadataEntryValue;

/** A typed metadata value (MetadataValue.text(...), ...). Build one through MetadataValue's functions. */
export class TypedMetadataValue {
  /** @internal */
  constructor(readonly build: (key: string) => MetadataEntryValue) {}
}

const requireString = (key: string, kind: string, value: unknown): string => {
  if (typeof value !== 'string') throw new InvalidMetadataError(key, `MetadataValue.${kind} takes a string, not ${describe(value)}.`);
  return value;
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : `a ${typeof value}`;
}

function jsonString(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidMetadataError(key, `its value cannot be written as JSON (${(error as Error).message}).`);
  }
  if (text === undefined) throw new InvalidMetadataError(key, `its value cannot be written as JSON (${describe(value)}).`);
  return text;
}

function storedSchema(key: string, schema: unknown): StoredTableSchema {
  if (typeof schema !== 'object' || schema === null || !Array.isArray((schema as TableSchemaShape).columns)) {
    throw new InvalidMetadataError(key, 'a table schema needs `columns`: an array of { name, type }.');
  }
  const built = schema instanceof TableSchema ? schema : new TableSchema(schema as TableSchemaShape);
  for (const column of built.columns) {
    if (typeof column.name !== 'string' || column.name === '')
      throw new InvalidMetadataError(key, 'every table column needs a name (a non-empty string).');
  }
  return {
    columns: built.columns.map((c) => ({
      name: c.name,
      type: String(c.type),
      description: c.description,
      constraints: { ...c.constraints },
    })),
    constraints: { other: [...built.constraints.other] },
  };
}

function inferSchema(records: Record<string, unknown>[]): StoredTableSchema {
  const names = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const typeOf = (name: string) => {
    const kinds = new Set(
      records
        .map((r) => r[name])
        .filter((v) => v !== null && v !== undefined)
        .map((v) => typeof v),
    );
    return kinds.size === 1 ? (({ number: 'float', boolean: 'bool' } as Record<string, string>)[[...kinds][0]!] ?? 'string') : 'string';
  };
  return {
    columns: names.map((name) => ({
      name,
      type: typeOf(name),
      description: null,
      constraints: { nullable: true, unique: false, other: [] },
    })),
    constraints: { other: [] },
  };
}

/** Dagster's MetadataValue constructors (`MetadataValue.md` for `MetadataValue.md(...)`, and so on). */
export const MetadataValue = {
  text: (text: string) => new TypedMetadataValue((key) => ({ type: 'text', text: requireString(key, 'text', text) })),
  md: (mdStr: string) => new TypedMetadataValue((key) => ({ type: 'markdown', mdStr: requireString(key, 'md', mdStr) })),
  url: (url: string) => new TypedMetadataValue((key) => ({ type: 'url', url: requireString(key, 'url', url) })),
  path: (path: string) => new TypedMetadataValue((key) => ({ type: 'path', path: requireString(key, 'path', path) })),
  notebook: (path: string) => new TypedMetadataValue((key) => ({ type: 'notebook', path: requireString(key, 'notebook', path) })),
  json: (value: unknown) =>
    new TypedMetadataValue((key) => {
      if (typeof value !== 'object' || value === null)
        throw new InvalidMetadataError(key, `MetadataValue.json takes an object or an array, not ${describe(value)}.`);
      return { type: 'json', jsonString: jsonString(key, value) };
    }),
  int: (value: number | bigint) =>
    new TypedMetadataValue((key) => {
      if (typeof value === 'bigint') return { type: 'int', intRepr: value.toString() };
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new InvalidMetadataError(
          key,
          `MetadataValue.int takes an integer, not ${typeof value === 'number' ? String(value) : describe(value)}.`,
        );
      return { type: 'int', intRepr: String(value) };
    }),
  float: (value: number) =>
    new TypedMetadataValue((key) => {
      if (typeof value !== 'number') throw new InvalidMetadataError(key, `MetadataValue.float takes a number, not ${describe(value)}.`);
      return { type: 'float', floatRepr: String(value) };
    }),
  bool: (value: boolean) =>
    new TypedMetadataValue((key) => {
      if (typeof value !== 'boolean') throw new InvalidMetadataError(key, `MetadataValue.bool takes a boolean, not ${describe(value)}.`);
      return { type: 'bool', boolValue: value };
    }),
  null: () => new TypedMetadataValue(() => ({ type: 'null' })),
  /** A point in time: a Date or seconds since the epoch. */
  timestamp: (value: Date | number) =>
    new TypedMetadataValue((key) => {
      const seconds = value instanceof Date ? value.getTime() / 1000 : value;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds))
        throw new InvalidMetadataError(key, 'MetadataValue.timestamp takes a Date or seconds since the epoch.');
      return { type: 'timestamp', timestamp: seconds };
    }),
  /** Rows (TableRecord or plain objects of scalars) and their schema (inferred from the rows when absent). */
  table: (table: { records: (TableRecord | Record<string, unknown>)[]; schema?: TableSchema | TableSchemaShape }) =>
    new TypedMetadataValue((key) => {
      if (typeof table !== 'object' || table === null || !Array.isArray(table.records))
        throw new InvalidMetadataError(key, 'MetadataValue.table takes { records: [...], schema? }.');
      const rows = table.records.map((record) => (record instanceof TableRecord ? record.data : record));
      for (const row of rows) {
        if (typeof row !== 'object' || row === null || Array.isArray(row))
          throw new InvalidMetadataError(key, 'every table record is an object of column values.');
        for (const [column, cell] of Object.entries(row)) {
          if (cell !== null && !['string', 'number', 'boolean'].includes(typeof cell)) {
            throw new InvalidMetadataError(
              key,
              `the table cell "${column}" holds ${describe(cell)}; cells are strings, numbers, booleans or null.`,
            );
          }
        }
      }
      return {
        type: 'table',
        records: rows.map((row) => jsonString(key, row)),
        schema: table.schema ? storedSchema(key, table.schema) : inferSchema(rows),
      };
    }),
  tableSchema: (schema: TableSchema | TableSchemaShape) =>
    new TypedMetadataValue((key) => ({ type: 'tableSchema', schema: storedSchema(key, schema) })),
  /** A reference to an asset: its key as a path or a "/"-separated string. */
  asset: (assetKey: string | readonly string[]) =>
    new TypedMetadataValue((key) => {
      const path = typeof assetKey === 'string' ? assetKey.split('/') : assetKey;
      if (!Array.isArray(path) || path.length === 0 || path.some((part) => typeof part !== 'string' || part === '')) {
        throw new InvalidMetadataError(key, 'MetadataValue.asset takes an asset key: a non-empty string or array of non-empty strings.');
      }
      return { type: 'asset', assetKey: [...path] };
    }),
  /** A reference to a job (in this code location unless `locationName` says otherwise). */
  job: (jobName: string, locationName = '', repositoryName: string | null = null) =>
    new TypedMetadataValue((key) => ({
      type: 'job',
      jobName: requireString(key, 'job', jobName),
      locationName: String(locationName),
      repositoryName,
    })),
  /** A reference to a run (Dagster's MetadataValue.dagster_run). */
  dagsterRun: (runId: string) => new TypedMetadataValue((key) => ({ type: 'run', runId: requireString(key, 'dagsterRun', runId) })),
  pythonArtifact: (module: string, name: string) =>
    new TypedMetadataValue((key) => ({
      type: 'pythonArtifact',
      module: requireString(key, 'pythonArtifact', module),
      name: requireString(key, 'pythonArtifact', name),
    })),
};

/** A metadata mapping as users write it: typed values or plain ones (typed as Dagster types them). */
export type MetadataMapping = Readonly<Record<string, unknown>>;

/** Characters one event's metadata may take when stored. */
export const MAX_METADATA_CHARS = 1_000_000;

/** The typed entries of a metadata mapping; throws InvalidMetadataError naming the first bad key. */
export function normalizeMetadata(metadata: unknown): StoredMetadataEntry[] {
  if (metadata === undefined || metadata === null) return [];
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    throw new InvalidMetadataError('(metadata)', `metadata is an object of entries, not ${describe(metadata)}.`);
  const entries = Object.entries(metadata).map(([key, value]) => ({ label: key, description: null, ...entryValue(key, value) }));
  const size = JSON.stringify(entries).length;
  if (size > MAX_METADATA_CHARS)
    throw new InvalidMetadataError(
      entries[0]?.label ?? '(metadata)',
      `the metadata takes ${size} characters; at most ${MAX_METADATA_CHARS} are stored per event.`,
    );
  return entries;
}

function entryValue(key: string, value: unknown): MetadataEntryValue {
  if (value instanceof TypedMetadataValue) return value.build(key);
  if (value === null) return { type: 'null' };
  switch (typeof value) {
    case 'string':
      return { type: 'text', text: value };
    case 'number':
      return Number.isInteger(value) ? { type: 'int', intRepr: String(value) } : { type: 'float', floatRepr: String(value) };
    case 'bigint':
      return { type: 'int', intRepr: value.toString() };
    case 'boolean':
      return { type: 'bool', boolValue: value };
    case 'object':
      if (value instanceof Date) return MetadataValue.timestamp(value).build(key);
      if (value instanceof TableSchema) return MetadataValue.tableSchema(value).build(key);
      if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        return { type: 'json', jsonString: jsonString(key, value) };
      }
      throw new InvalidMetadataError(
        key,
        `${describe(value)} has no metadata type; wrap it in a MetadataValue (e.g. MetadataValue.text(String(value))).`,
      );
    default:
      throw new InvalidMetadataError(
        key,
        `${describe(value)} has no metadata type; use a string, number, boolean, null, object or a MetadataValue.`,
      );
  }
}
