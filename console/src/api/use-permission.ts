// Whether the caller may do something (Dagster's permission names, e.g. launch_pipeline_execution), from
// the API's `permissions`; false until known.
import { PermissionsDocument } from '../generated/graphql';
import { useQuery } from './use-query';

export function usePermission(name: string): boolean {
  const { data } = useQuery(PermissionsDocument, {});
  return data?.permissions.some((permission) => permission.permission === name && permission.value) ?? false;
}
