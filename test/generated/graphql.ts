/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type DaemonHealth = {
  __typename?: 'DaemonHealth';
  allDaemonStatuses: Array<DaemonStatus>;
  daemonStatus: DaemonStatus;
  id: Scalars['ID']['output'];
};


export type DaemonHealthDaemonStatusArgs = {
  daemonType: Scalars['String']['input'];
};

export type DaemonStatus = {
  __typename?: 'DaemonStatus';
  daemonType: Scalars['String']['output'];
  healthy?: Maybe<Scalars['Boolean']['output']>;
  id: Scalars['ID']['output'];
  /** How many processes run this daemon now (NEW). */
  instanceCount: Scalars['Int']['output'];
  lastHeartbeatErrors: Array<PythonError>;
  /** Seconds since the epoch, as in Dagster. */
  lastHeartbeatTime?: Maybe<Scalars['Float']['output']>;
  required: Scalars['Boolean']['output'];
};

export type Error = {
  message: Scalars['String']['output'];
};

export type Instance = {
  __typename?: 'Instance';
  daemonHealth: DaemonHealth;
  hasInfo: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The effective instance config as YAML, defaults included. */
  info?: Maybe<Scalars['String']['output']>;
  maxConcurrencyLimitValue: Scalars['Int']['output'];
  minConcurrencyLimitValue: Scalars['Int']['output'];
  poolConfig?: Maybe<PoolConfig>;
  runLauncher?: Maybe<RunLauncher>;
  runQueueConfig?: Maybe<RunQueueConfig>;
  runQueuingSupported: Scalars['Boolean']['output'];
  supportsConcurrencyLimits: Scalars['Boolean']['output'];
};

export type PoolConfig = {
  __typename?: 'PoolConfig';
  defaultPoolLimit?: Maybe<Scalars['Int']['output']>;
  opGranularityRunBuffer?: Maybe<Scalars['Int']['output']>;
  poolGranularity?: Maybe<Scalars['String']['output']>;
};

export type PythonError = Error & {
  __typename?: 'PythonError';
  causes: Array<PythonError>;
  className?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  stack: Array<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  instance: Instance;
  version: Scalars['String']['output'];
};

export type RunLauncher = {
  __typename?: 'RunLauncher';
  name: Scalars['String']['output'];
};

export type RunQueueConfig = {
  __typename?: 'RunQueueConfig';
  isOpConcurrencyAware?: Maybe<Scalars['Boolean']['output']>;
  maxConcurrentRuns: Scalars['Int']['output'];
  tagConcurrencyLimitsYaml?: Maybe<Scalars['String']['output']>;
};

export type InstanceOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type InstanceOverviewQuery = { version: string, instance: { runQueuingSupported: boolean, hasInfo: boolean, info: string | null, minConcurrencyLimitValue: number, maxConcurrencyLimitValue: number, supportsConcurrencyLimits: boolean, runQueueConfig: { maxConcurrentRuns: number, tagConcurrencyLimitsYaml: string | null, isOpConcurrencyAware: boolean | null } | null, poolConfig: { poolGranularity: string | null, defaultPoolLimit: number | null, opGranularityRunBuffer: number | null } | null, runLauncher: { name: string } | null } };

export type DaemonHealthQueryVariables = Exact<{ [key: string]: never; }>;


export type DaemonHealthQuery = { instance: { daemonHealth: { allDaemonStatuses: Array<{ daemonType: string, required: boolean, healthy: boolean | null, lastHeartbeatTime: number | null, instanceCount: number, lastHeartbeatErrors: Array<{ message: string }> }>, daemonStatus: { daemonType: string, healthy: boolean | null } } } };


export const InstanceOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InstanceOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runQueuingSupported"}},{"kind":"Field","name":{"kind":"Name","value":"runQueueConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"tagConcurrencyLimitsYaml"}},{"kind":"Field","name":{"kind":"Name","value":"isOpConcurrencyAware"}}]}},{"kind":"Field","name":{"kind":"Name","value":"poolConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"poolGranularity"}},{"kind":"Field","name":{"kind":"Name","value":"defaultPoolLimit"}},{"kind":"Field","name":{"kind":"Name","value":"opGranularityRunBuffer"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasInfo"}},{"kind":"Field","name":{"kind":"Name","value":"info"}},{"kind":"Field","name":{"kind":"Name","value":"minConcurrencyLimitValue"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrencyLimitValue"}},{"kind":"Field","name":{"kind":"Name","value":"supportsConcurrencyLimits"}},{"kind":"Field","name":{"kind":"Name","value":"runLauncher"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<InstanceOverviewQuery, InstanceOverviewQueryVariables>;
export const DaemonHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DaemonHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daemonHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allDaemonStatuses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daemonType"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeatTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastHeartbeatErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instanceCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daemonStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"daemonType"},"value":{"kind":"StringValue","value":"QUEUED_RUN_COORDINATOR","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"daemonType"}},{"kind":"Field","name":{"kind":"Name","value":"healthy"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DaemonHealthQuery, DaemonHealthQueryVariables>;