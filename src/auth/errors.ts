// Expected failures of token management. Messages are whole sentences naming the input; none of them ever
// contains a secret.
import { ROLES } from './permissions.js';

export class InvalidTokenNameError extends Error {
  override readonly name = 'InvalidTokenNameError';
  constructor(
    readonly tokenName: string,
    problem: string,
  ) {
    super(`The token name is invalid: ${problem}`);
  }
}

export class InvalidTokenRoleError extends Error {
  override readonly name = 'InvalidTokenRoleError';
  constructor(readonly role: string) {
    super(`Unknown role "${role}"; the roles are ${ROLES.join(', ')}.`);
  }
}

export class InvalidTokenExpiryError extends Error {
  override readonly name = 'InvalidTokenExpiryError';
  constructor(readonly expiresAt: Date) {
    super(
      `A token's expiry must be a time in the future (got ${Number.isNaN(expiresAt.getTime()) ? 'an invalid date' : expiresAt.toISOString()}).`,
    );
  }
}

export class TokenNameTakenError extends Error {
  override readonly name = 'TokenNameTakenError';
  constructor(readonly tokenName: string) {
    super(`A token named "${tokenName}" already exists (revoked tokens keep their names, so the audit log stays unambiguous).`);
  }
}

export class TokenNotFoundError extends Error {
  override readonly name = 'TokenNotFoundError';
  constructor(readonly tokenName: string) {
    super(`No token is named "${tokenName}".`);
  }
}
