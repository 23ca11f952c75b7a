// Everything the CLI prints goes through here: results for people by default, JSON for scripts with --json,
// and messages on stderr. (A lint rule keeps console.* out of src/.)
import { cliStderr, cliStdout } from './command-io.js';

// A command relayed to a server writes into the relay's response instead (command-io.ts).
export function writeOut(text: string): void {
  cliStdout().write(text);
}

export function writeErr(text: string): void {
  cliStderr().write(text);
}

export function printResult(json: boolean, value: unknown, human: () => string): void {
  writeOut(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}
