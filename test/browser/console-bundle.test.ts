// The console stays small: its built JavaScript, gzipped as the server sends it, is held to a budget, and so
// is its CSS. The budget has headroom over today's build (about 111 KiB of JS: React, react-router, graphql-ws
// and the pages); a change that crosses it should say why the console needs the bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { buildConsole } from '../support/browser.js';

const JS_BUDGET_KIB = 130;
const CSS_BUDGET_KIB = 8;
const assets = fileURLToPath(new URL('../../console/dist/assets', import.meta.url));

function gzippedKiB(extension: string): number {
  const files = readdirSync(assets).filter((name) => name.endsWith(extension));
  return files.reduce((total, name) => total + gzipSync(readFileSync(join(assets, name))).length, 0) / 1024;
}

beforeAll(() => buildConsole());

it(`keeps the console's JavaScript under ${JS_BUDGET_KIB} KiB and its CSS under ${CSS_BUDGET_KIB} KiB, gzipped`, () => {
  const js = gzippedKiB('.js');
  const css = gzippedKiB('.css');
  expect(js).toBeGreaterThan(0);
  expect(js).toBeLessThan(JS_BUDGET_KIB);
  expect(css).toBeLessThan(CSS_BUDGET_KIB);
});
