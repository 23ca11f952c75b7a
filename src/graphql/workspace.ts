// The workspace as Dagster's clients read and reload it: workspaceOrError, locationStatusesOrError and
// workspaceLocationEntryOrError; reloadRepositoryLocation, reloadWorkspace and shutdownRepositoryLocation.
// Tidepool serves one code location per server (definitions/code-location.ts holds it). A reload bumps the
// location's generation in Postgres, so every process serving or executing it re-imports it
// (src/locations), and answers with this server's own outcome: a file that no longer loads leaves the
// previous definitions serving and shows its error as `locationOrLoadError` (a PythonError).
import type { CodeLocation, LoadedDefinitions, LoadError } from '../definitions/index.js';
import { permissionOf } from '../auth/caller.js';
import { PERMISSIONS } from '../auth/permissions.js';
import { UnauthorizedError } from '../auth/unauthorized.js';
import { reloadLocation } from '../locations/reload-location.js';
import { VERSION } from '../version.js';
import { authorized, PermissionType } from './authorize.js';
import { builder, ErrorInterface, type GraphQLContext } from './builder.js';
import { RepositoryLocationType, RepositoryType } from './definitions.js';
import { PythonError, successUnlessPythonError, type ErrorInfo } from './errors.js';

// ---------------------------------------------------------------------------------------------- errors

class ReloadNotSupported extends Error {
  override readonly name = 'ReloadNotSupported';
  constructor(location: string) {
    super(`Reloading code location "${location}" is not supported: this server was given its definitions as an object, not a file.`);
  }
}

class RepositoryLocationNotFound extends Error {
  override readonly name = 'RepositoryLocationNotFound';
  constructor(location: string, served: string | null) {
    super(
      `Location ${JSON.stringify(location)} does not exist in the workspace` +
        (served === null ? ' (this server runs without definitions).' : ` (it serves "${served}").`),
    );
  }
}

builder.objectType(ReloadNotSupported, { name: 'ReloadNotSupported', interfaces: [ErrorInterface] });
builder.objectType(RepositoryLocationNotFound, { name: 'RepositoryLocationNotFound', interfaces: [ErrorInterface] });

// ---------------------------------------------------------------------------------------------- types

const LoadStatus = builder.enumType('RepositoryLocationLoadStatus', { values: ['LOADING', 'LOADED'] as const });

export const RepositoryMetadataType = builder.objectRef<{ key: string; value: string }>('RepositoryMetadata').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

const FeatureFlagType = builder.objectRef<{ name: string; enabled: boolean }>('FeatureFlag').implement({
  fields: (t) => ({ name: t.exposeString('name'), enabled: t.exposeBoolean('enabled') }),
});

const DagsterLibraryVersionType = builder.objectRef<{ name: string; version: string }>('DagsterLibraryVersion').implement({
  fields: (t) => ({ name: t.exposeString('name'), version: t.exposeString('version') }),
});

/** The server's location holder when `loaded` is what it serves now. */
function holderOf(ctx: GraphQLContext, loaded: LoadedDefinitions): CodeLocation | null {
  const holder = ctx.codeLocation ?? null;
  return holder !== null && holder.name === loaded.locationName ? holder : null;
}

builder.objectFields(RepositoryLocationType, (t) => ({
  isReloadSupported: t.boolean({ resolve: (loaded, _args, ctx) => holderOf(ctx, loaded)?.reloadable ?? false }),
  environmentPath: t.string({
    nullable: true,
    description: 'The Node.js executable that runs the location (Dagster: its Python executable).',
    resolve: () => process.execPath,
  }),
  repositories: t.field({ type: [RepositoryType], resolve: (loaded) => [loaded] }),
  serverId: t.string({
    nullable: true,
    description: 'Changes with every reload that loaded new code: `<location>:<generation>`.',
    resolve: (loaded, _args, ctx) => `${loaded.locationName}:${holderOf(ctx, loaded)?.generation ?? 0}`,
  }),
  dagsterLibraryVersions: t.field({
    type: [DagsterLibraryVersionType],
    nullable: true,
    resolve: () => [{ name: 'tidepool', version: VERSION }],
  }),
}));

function errorInfoOf(error: LoadError): ErrorInfo {
  return { message: error.message, className: error.className, stack: error.stack, cause: error.cause ? errorInfoOf(error.cause) : null };
}

const LocationOrLoadError = builder.unionType('RepositoryLocationOrLoadError', {
  types: [RepositoryLocationType, PythonError],
  resolveType: (value) => ('definitions' in value ? RepositoryLocationType.name : PythonError.name),
});

/** Each location-scoped permission Dagster lists on an entry, for the caller. */
function locationPermissions(ctx: GraphQLContext) {
  return PERMISSIONS.map((permission) => {
    const { enabled, disabledReason } = permissionOf(ctx.caller, permission);
    return { permission, value: enabled, disabledReason };
  });
}

function loadStatusOf(location: CodeLocation): 'LOADING' | 'LOADED' {
  return location.loading ? 'LOADING' : 'LOADED';
}

const WorkspaceLocationEntryType = builder.objectRef<CodeLocation>('WorkspaceLocationEntry').implement({
  fields: (t) => ({
    id: t.id({ resolve: (location) => location.name }),
    name: t.string({ resolve: (location) => location.name }),
    locationOrLoadError: t.field({
      type: LocationOrLoadError,
      nullable: true,
      description: 'The location, or the error of its last reload (the previous definitions keep serving meanwhile).',
      resolve: (location) => (location.loadError !== null ? errorInfoOf(location.loadError) : location.current),
    }),
    loadStatus: t.field({ type: LoadStatus, resolve: loadStatusOf }),
    displayMetadata: t.field({
      type: [RepositoryMetadataType],
      resolve: (location) => [
        { key: 'definitions_file', value: location.file },
        { key: 'generation', value: String(location.generation) },
      ],
    }),
    updatedTimestamp: t.float({ resolve: (location) => location.updatedAt.getTime() / 1000 }),
    permissions: t.field({ type: [PermissionType], resolve: (_location, _args, ctx) => locationPermissions(ctx) }),
    featureFlags: t.field({ type: [FeatureFlagType], resolve: () => [] }),
  }),
});

const WorkspaceType = builder.objectRef<{ entries: CodeLocation[] }>('Workspace').implement({
  fields: (t) => ({
    id: t.string({ resolve: () => 'Workspace' }),
    locationEntries: t.field({ type: [WorkspaceLocationEntryType], resolve: ({ entries }) => entries }),
  }),
});

const WorkspaceLocationStatusEntryType = builder.objectRef<CodeLocation>('WorkspaceLocationStatusEntry').implement({
  fields: (t) => ({
    id: t.id({ resolve: (location) => location.name }),
    name: t.string({ resolve: (location) => location.name }),
    loadStatus: t.field({ type: LoadStatus, resolve: loadStatusOf }),
    updateTimestamp: t.float({ resolve: (location) => location.updatedAt.getTime() / 1000 }),
    permissions: t.field({ type: [PermissionType], resolve: (_location, _args, ctx) => locationPermissions(ctx) }),
  }),
});

const WorkspaceLocationStatusEntriesType = builder
  .objectRef<{ entries: CodeLocation[] }>('WorkspaceLocationStatusEntries')
  .implement({ fields: (t) => ({ entries: t.field({ type: [WorkspaceLocationStatusEntryType], resolve: ({ entries }) => entries }) }) });

const ShutdownSuccessType = builder.objectRef<{ repositoryLocationName: string }>('ShutdownRepositoryLocationSuccess').implement({
  fields: (t) => ({ repositoryLocationName: t.exposeString('repositoryLocationName') }),
});

// ---------------------------------------------------------------------------------------------- unions

const WorkspaceOrError = builder.errorUnion('WorkspaceOrError', {
  types: [WorkspaceType, PythonError],
  resolveType: successUnlessPythonError('Workspace'),
});

const WorkspaceLocationStatusEntriesOrError = builder.errorUnion('WorkspaceLocationStatusEntriesOrError', {
  types: [WorkspaceLocationStatusEntriesType, PythonError],
  resolveType: successUnlessPythonError('WorkspaceLocationStatusEntries'),
});

const WorkspaceLocationEntryOrError = builder.errorUnion('WorkspaceLocationEntryOrError', {
  types: [WorkspaceLocationEntryType, PythonError],
  resolveType: successUnlessPythonError('WorkspaceLocationEntry'),
});

const ReloadRepositoryLocationResult = builder.errorUnion('ReloadRepositoryLocationMutationResult', {
  types: [WorkspaceLocationEntryType, ReloadNotSupported, RepositoryLocationNotFound, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('WorkspaceLocationEntry'),
});

const ReloadWorkspaceResult = builder.errorUnion('ReloadWorkspaceMutationResult', {
  types: [WorkspaceType, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('Workspace'),
});

const ShutdownRepositoryLocationResult = builder.errorUnion('ShutdownRepositoryLocationMutationResult', {
  types: [ShutdownSuccessType, RepositoryLocationNotFound, UnauthorizedError, PythonError],
  resolveType: successUnlessPythonError('ShutdownRepositoryLocationSuccess'),
});

// ---------------------------------------------------------------------------------------------- fields

function entriesOf(ctx: GraphQLContext): CodeLocation[] {
  return ctx.codeLocation ? [ctx.codeLocation] : [];
}

/** The served location named `name`, else RepositoryLocationNotFound. */
function namedLocation(ctx: GraphQLContext, name: string): CodeLocation {
  const location = ctx.codeLocation ?? null;
  if (location === null || location.name !== name) throw new RepositoryLocationNotFound(name, location?.name ?? null);
  return location;
}

/** Reloads `location` in every process (src/locations) and returns it with this server's outcome. */
async function reloaded(ctx: GraphQLContext, location: CodeLocation): Promise<CodeLocation> {
  if (!location.reloadable) throw new ReloadNotSupported(location.name);
  await reloadLocation(ctx.instance.database.api, location, 'api');
  return location;
}

builder.queryFields((t) => ({
  workspaceOrError: t.field({
    type: WorkspaceOrError,
    resolve: (_root, _args, ctx) => ({ entries: entriesOf(ctx) }),
  }),
  locationStatusesOrError: t.field({
    type: WorkspaceLocationStatusEntriesOrError,
    resolve: (_root, _args, ctx) => ({ entries: entriesOf(ctx) }),
  }),
  workspaceLocationEntryOrError: t.field({
    type: WorkspaceLocationEntryOrError,
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, { name }, ctx) => entriesOf(ctx).find((location) => location.name === name) ?? null,
  }),
}));

builder.mutationFields((t) => ({
  reloadRepositoryLocation: t.field({
    type: ReloadRepositoryLocationResult,
    description:
      'Re-imports the code location in every process that serves or executes it: new runs use the new code; ' +
      'runs already started finish on theirs. A file that no longer loads leaves the previous definitions ' +
      'serving and returns its error as locationOrLoadError.',
    args: { repositoryLocationName: t.arg.string({ required: true }) },
    resolve: authorized('reload_repository_location', (_root, { repositoryLocationName }, ctx) =>
      reloaded(ctx, namedLocation(ctx, repositoryLocationName)),
    ),
  }),
  reloadWorkspace: t.field({
    type: ReloadWorkspaceResult,
    description: 'Reloads every code location of the workspace (Tidepool serves one per server) as reloadRepositoryLocation does.',
    resolve: authorized('reload_workspace', async (_root, _args, ctx) => {
      for (const location of entriesOf(ctx)) if (location.reloadable) await reloaded(ctx, location);
      return { entries: entriesOf(ctx) };
    }),
  }),
  shutdownRepositoryLocation: t.field({
    type: ShutdownRepositoryLocationResult,
    description:
      "Dagster stops the location's code server, which its environment restarts with the code reloaded. " +
      'Tidepool runs no separate code server: the location is reloaded in every process, as by reloadRepositoryLocation.',
    args: { repositoryLocationName: t.arg.string({ required: true }) },
    resolve: authorized('reload_repository_location', async (_root, { repositoryLocationName }, ctx) => {
      const location = namedLocation(ctx, repositoryLocationName);
      if (location.reloadable) await reloaded(ctx, location);
      return { repositoryLocationName: location.name };
    }),
  }),
}));
