// The `tidepool` command line as a function: parses argv against the command tree, runs the command, and
// returns its exit code. It never exits the process, so a running server can run a relayed command with it;
// main.ts is the process entry.
import { CommanderError } from 'commander';
import type { Leaf } from './command-spec.js';
import { EXIT_BAD_INPUT } from './args.js';
import { buildProgram, type InvokedCommand, type ParsedInvocation } from './program.js';

export async function runCli(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram(async (leaf: Leaf, invocation: ParsedInvocation, command: InvokedCommand) => {
    try {
      const action = await leaf.load();
      await action(invocation);
    } catch (error) {
      // Loaded on failure only: telling failures apart needs the error classes of config and definitions.
      const { reportFailure } = await import('./report-failure.js');
      code = await reportFailure(error, command, invocation.options);
    }
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    // commander has printed what it had to say (help, the version, or an error naming the argument).
    if (!(error instanceof CommanderError)) throw error;
    const asked = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0;
    return asked ? 0 : EXIT_BAD_INPUT;
  }
}
