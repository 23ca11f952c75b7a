// Who is calling: resolved once per request (HTTP, SSE) or per WebSocket connection, and carried on the
// GraphQL context. In open mode everyone is the admin "open"; in read-only mode nobody may change anything.
import { OPEN_ACTOR } from '../audit/actor.js';
import { leastRoleFor, roleHas, type Requirement, type Role } from './permissions.js';

export interface Caller {
  /** Who the audit log names: the token's name, or "open" when access control is off. */
  actor: string;
  role: Role;
  /** The token's id (null in open mode), so that a revoked token's sockets can be found and closed. */
  tokenId: string | null;
  expiresAt: Date | null;
  /** `tidepool serve --read-only`: every mutation refused, every permission reported false. */
  readOnly: boolean;
}

export function openCaller(readOnly = false): Caller {
  return { actor: OPEN_ACTOR, role: 'admin', tokenId: null, expiresAt: null, readOnly };
}

export interface PermissionResult {
  enabled: boolean;
  /** Why not, in a sentence a person can act on (null when enabled). */
  disabledReason: string | null;
}

export function permissionOf(caller: Caller, permission: Requirement): PermissionResult {
  if (permission === 'read') return { enabled: true, disabledReason: null };
  if (caller.readOnly) return { enabled: false, disabledReason: 'The server is read-only (tidepool serve --read-only).' };
  if (roleHas(caller.role, permission)) return { enabled: true, disabledReason: null };
  return {
    enabled: false,
    disabledReason: `The token "${caller.actor}" has the ${caller.role} role; ${permission} needs the ${leastRoleFor(permission)} role.`,
  };
}
