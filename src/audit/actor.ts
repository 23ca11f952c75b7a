// Who made a change, as the audit log and run events name it: an API token's name, "open" when access
// control is off, or "cli" for changes made with the tidepool command on the database directly.
export type Actor = string;

/** Changes made by the tidepool command acting on the database directly (not through the API). */
export const CLI_ACTOR: Actor = 'cli';
