// `tidepool token create|list|revoke`: declarations (src/cli/command-spec.ts); the actions are in
// commands/token.ts.
import { ROLES } from '../../auth/permissions.js';
import { command, CONFIG_OPTION, group, JSON_OPTION } from '../command-spec.js';

const COMMON = { ...CONFIG_OPTION, ...JSON_OPTION } as const;

export const tokenCreateSpec = {
  name: 'create',
  description: 'Create an API token and print its secret (shown only this once).',
  options: {
    name: { value: 'NAME', required: true, description: 'the name the token is known and audited by' },
    role: { value: 'ROLE', required: true, choices: ROLES, description: 'what the token may do' },
    expires: { value: 'DURATION', description: 'lifetime such as 30d, 12h or 90m (default: never expires)' },
    ...COMMON,
  },
} as const;

export const tokenListSpec = {
  name: 'list',
  description: 'List the API tokens (never their secrets).',
  options: COMMON,
} as const;

export const tokenRevokeSpec = {
  name: 'revoke',
  description: 'Revoke an API token: requests with it are refused from now on.',
  arguments: [{ name: 'name', description: 'the token to revoke' }],
  options: COMMON,
} as const;

const load = () => import('../commands/token.js');

export const tokenCommands = group('token', 'API tokens for auth.mode tokens.', [
  command(tokenCreateSpec, () => load().then((m) => m.tokenCreate)),
  command(tokenListSpec, () => load().then((m) => m.tokenList)),
  command(tokenRevokeSpec, () => load().then((m) => m.tokenRevoke)),
]);
