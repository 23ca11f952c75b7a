// `npm run schema:print`: writes schema/schema.graphql from the code-first schema.
import { writeFile } from 'node:fs/promises';
import { printedSchema } from './index.js';

const target = new URL('../../schema/schema.graphql', import.meta.url);
await writeFile(target, printedSchema());
// A script's one line of output for the person who ran it, not a log.
process.stdout.write(`Wrote ${target.pathname}\n`);
