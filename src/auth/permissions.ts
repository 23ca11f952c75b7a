// Who may do what: the one table from roles to permissions. Permission names are Dagster's (its
// `permissions` query and its `has…Permission` fields use them), plus Tidepool's own two for the token
// and audit surfaces Dagster's open-source webserver does not have. Roles are ordered: each has every
// permission of the roles before it.
//
// Invariant: every mutation and subscription of the schema declares the Requirement it needs in its
// field's `extensions.permission` (src/graphql/authorize.ts enforces it; a test fails for one that
// declares none).

export const ROLES = ['viewer', 'launcher', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}

/** The least role that has each permission. `viewer` has none of these: it reads and subscribes only. */
const LEAST_ROLE = {
  launch_pipeline_execution: 'launcher',
  launch_pipeline_reexecution: 'launcher',
  terminate_pipeline_execution: 'launcher',
  start_schedule: 'editor',
  stop_running_schedule: 'editor',
  edit_sensor: 'editor',
  update_sensor_cursor: 'editor',
  schedule_dry_run: 'editor',
  sensor_dry_run: 'editor',
  launch_partition_backfill: 'editor',
  cancel_partition_backfill: 'editor',
  edit_concurrency_limit: 'editor',
  reload_repository_location: 'editor',
  reload_workspace: 'editor',
  edit_dynamic_partitions: 'editor',
  toggle_auto_materialize: 'editor',
  report_runless_asset_events: 'editor',
  delete_pipeline_run: 'admin',
  wipe_assets: 'admin',
  // Tidepool's own.
  manage_tokens: 'admin',
  read_audit_log: 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof LEAST_ROLE;
export const PERMISSIONS = Object.keys(LEAST_ROLE) as Permission[];

/** What an operation needs: a permission, or 'read' (any caller the server accepted: viewers read and subscribe). */
export type Requirement = Permission | 'read';

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[permission]);
}

/** The role a permission needs, for messages ("needs the editor role"). */
export function leastRoleFor(permission: Permission): Role {
  return LEAST_ROLE[permission];
}
