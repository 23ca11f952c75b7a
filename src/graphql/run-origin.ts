// Dagster's Run fields about where a run came from and what it was asked to do: repositoryOrigin (the
// repository and code location the run was launched from), runConfig (the run's config as data, where
// runConfigYaml is its text) and resolvedOpSelection.
import type { RunRecord } from '../runs/run-record.js';
import { builder } from './builder.js';
import { RunRef } from './refs.js';
import { RepositoryMetadataType } from './workspace.js';

export const RepositoryOriginType = builder.objectRef<RunRecord>('RepositoryOrigin').implement({
  fields: (t) => ({
    // The same id as Repository.id (definitions.ts) for the repository the run was launched from.
    id: t.string({ resolve: (run) => `${run.locationName}:${run.repositoryName}` }),
    repositoryLocationName: t.exposeString('locationName'),
    repositoryName: t.exposeString('repositoryName'),
    repositoryLocationMetadata: t.field({
      type: [RepositoryMetadataType],
      description: "Always empty: a run records its origin's names only, not the location's metadata at launch.",
      resolve: () => [],
    }),
  }),
});

builder.objectFields(RunRef, (t) => ({
  repositoryOrigin: t.field({ type: RepositoryOriginType, nullable: true, resolve: (run) => run }),
  runConfig: t.field({
    type: 'RunConfigData',
    description: "The run's config as data ({} when it was launched without one).",
    resolve: (run) => run.runConfig ?? {},
  }),
  resolvedOpSelection: t.stringList({
    nullable: true,
    description: 'The steps the run was launched to execute (a Tidepool op is a step); null for its whole job.',
    resolve: (run) => run.stepKeysToExecute,
  }),
}));
