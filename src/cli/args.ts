// The errors a command throws for input it cannot accept; run-cli reports them in one sentence and exits 2.
// (commander parses the command line and names the argument in its own errors: src/cli/program.ts.)

/** A mistake in how the command was called; it is printed with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input the command could not accept (an unknown job, a bad tag…). */
export class InputError extends Error {
  override readonly name = 'InputError';
}
