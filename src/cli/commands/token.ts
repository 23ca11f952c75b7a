// `tidepool token create|list|revoke`: API tokens, managed on the database directly (the audit log names
// these changes "cli"). A token's secret is printed once, at creation; nothing can show it again.
import { CLI_ACTOR } from '../../audit/actor.js';
import {
  InvalidTokenExpiryError,
  InvalidTokenNameError,
  InvalidTokenRoleError,
  TokenNameTakenError,
  TokenNotFoundError,
} from '../../auth/errors.js';
import type { Role } from '../../auth/permissions.js';
import { createToken, listTokens, revokeToken, type TokenInfo } from '../../auth/tokens.js';
import { UsageError } from '../args.js';
import type { Invocation } from '../command-spec.js';
import { formatTime } from '../format-time.js';
import { printResult } from '../output.js';
import type { tokenCreateSpec, tokenListSpec, tokenRevokeSpec } from '../specs/token.js';
import { withInstance } from '../with-instance.js';

const EXPECTED_ERRORS = [InvalidTokenNameError, InvalidTokenRoleError, InvalidTokenExpiryError, TokenNameTakenError, TokenNotFoundError];

const DURATION_UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
/** Ten years: far enough for any real expiry, near enough that the date stays representable. */
const MAX_DURATION_MS = 3650 * DURATION_UNIT_MS.d;

/** `30d`, `12h` or `90m` as milliseconds, or a UsageError naming --expires. */
export function parseDuration(text: string): number {
  const match = /^([1-9]\d{0,6})([dhm])$/.exec(text);
  const ms = match ? Number(match[1]) * DURATION_UNIT_MS[match[2] as keyof typeof DURATION_UNIT_MS] : NaN;
  if (!(ms <= MAX_DURATION_MS)) {
    throw new UsageError(
      `--expires must be a whole number of days, hours or minutes up to 3650d, such as 30d, 12h or 90m (got '${text}').`,
    );
  }
  return ms;
}

function describeToken(token: TokenInfo): string {
  return `${token.name} (${token.role}, expires ${token.expiresAt ? formatTime(token.expiresAt) : 'never'})`;
}

export async function tokenCreate({ options: values }: Invocation<typeof tokenCreateSpec>): Promise<void> {
  // commander accepted only one of the spec's choices, which are ROLES.
  const role = values.role as Role;
  const expiresAt = values.expires === undefined ? null : new Date(Date.now() + parseDuration(values.expires));
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const { token, secret } = await createToken(instance.database.db, { name: values.name, role, expiresAt }, CLI_ACTOR);
    printResult(values.json === true, { token, secret }, () =>
      [`Created token ${describeToken(token)}.`, 'Its secret is shown only this once and cannot be recovered; store it now:', secret].join(
        '\n',
      ),
    );
  });
}

export async function tokenList({ options: values }: Invocation<typeof tokenListSpec>): Promise<void> {
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const tokens = await listTokens(instance.database.db);
    printResult(values.json === true, tokens, () => (tokens.length === 0 ? 'No tokens.' : tokenTable(tokens)));
  });
}

export async function tokenRevoke({ options: values, args }: Invocation<typeof tokenRevokeSpec>): Promise<void> {
  const { name } = args;
  await withInstance(values, EXPECTED_ERRORS, async (instance) => {
    const token = await revokeToken(instance.database.db, name, CLI_ACTOR);
    printResult(values.json === true, token, () => `Token ${token.name} is revoked (since ${formatTime(token.revokedAt!)}).`);
  });
}

function tokenTable(tokens: TokenInfo[]): string {
  const rows = [
    ['NAME', 'ROLE', 'CREATED', 'LAST USED', 'EXPIRES', 'REVOKED'],
    ...tokens.map((t) => [
      t.name,
      t.role,
      formatTime(t.createdAt),
      t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never',
      t.expiresAt ? formatTime(t.expiresAt) : 'never',
      t.revokedAt ? formatTime(t.revokedAt) : '-',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
