// The errors a command throws for input it cannot accept, and the CLI's exit codes. run-cli reports them in
// one sentence (commander parses the command line and names the argument in its own errors: program.ts).

/** Bad input: an unknown command or option, a missing argument, a value the command cannot accept. */
export const EXIT_BAD_INPUT = 2;
/** The command failed (the database could not be reached, a backfill ended FAILED…). */
export const EXIT_FAILURE = 1;

/** A mistake in how the command was called; it is printed with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input the command could not accept (an unknown job, a bad tag…). */
export class InputError extends Error {
  override readonly name = 'InputError';
}
