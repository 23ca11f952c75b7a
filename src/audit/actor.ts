// Who made a change, as the audit log and run events name it: an API token's name, "open" when access
// control is off, or "cli" for changes made with the tidepool command on the database directly.
export type Actor = string;

/** Changes made by the tidepool command acting on the database directly (not through the API). */
export const CLI_ACTOR: Actor = 'cli';

/** Every change made while access control is off (auth.mode: open). */
export const OPEN_ACTOR: Actor = 'open';

/** The actors that are not tokens, so no token may take their names. */
export const NON_TOKEN_ACTORS: readonly Actor[] = [CLI_ACTOR, OPEN_ACTOR];

/** The actor as run events name it: "token ci-bot", or "open" / "cli" as they are. */
export function describeActor(actor: Actor): string {
  return NON_TOKEN_ACTORS.includes(actor) ? actor : `token ${actor}`;
}
