// Everything the CLI prints goes through here: results for people by default, JSON for scripts with --json,
// and messages on stderr. (A lint rule keeps console.* out of src/.)

export function writeOut(text: string): void {
  process.stdout.write(text);
}

export function writeErr(text: string): void {
  process.stderr.write(text);
}

export function printResult(json: boolean, value: unknown, human: () => string): void {
  writeOut(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}
