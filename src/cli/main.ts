// The `tidepool` process: runs the command line (run-cli.ts) and exits with its code.
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2));
// serve, daemon and worker keep running (their handles keep the process alive); every other command ends
// here, and a failed one exits at once even if something it opened is still closing.
if (code !== 0) process.exit(code);
else process.exitCode = 0;
