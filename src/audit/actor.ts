// Who made a change, as the audit log and run events name it: an API token's name, "open" when access
// control is off, or "cli" for changes made with the tidepool command on the database directly.
export type Actor = string;

/** Changes made by the tidepool command acting on the database directly (not through the API). */
export const CLI_ACTOR: Actor = 'cli';

/**
 * The actors that are not tokens, so no token may take their names. "open" is auth/caller.ts's OPEN_ACTOR,
 * spelled here because audit sits below auth in the layers.
 */
export const NON_TOKEN_ACTORS: readonly Actor[] = [CLI_ACTOR, 'open'];

/** The actor as run events name it: "token ci-bot", or "open" / "cli" as they are. */
export function describeActor(actor: Actor): string {
  return NON_TOKEN_ACTORS.includes(actor) ? actor : `token ${actor}`;
}
