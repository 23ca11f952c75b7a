// `npm run schema:print`: writes schema/schema.graphql from the code-first schema.
import { writeFile } from 'node:fs/promises';
import { printedSchema } from './index.js';

const target = new URL('../../schema/schema.graphql', import.meta.url);
await writeFile(target, printedSchema());
console.log(`Wrote ${target.pathname}`);
