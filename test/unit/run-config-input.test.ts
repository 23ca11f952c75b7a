// Reading a launch's runConfigData: limits on objects (checked inline) and on text (parsed on the parser's
// worker thread), and the parser's budgets, recovery and turn-taking.
import { describe, expect, it } from 'vitest';
import { readRunConfig } from '../../src/runs/run-config-input.js';
import { RunConfigParser, type ParseOutcome } from '../../src/runs/run-config-parser.js';

const limits = { maxRunConfigBytes: 256 * 1024, maxRunConfigDepth: 32 };
const read = (value: unknown) => readRunConfig(value, limits, 'test');
const nested = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown;

async function refusal(value: unknown): Promise<string> {
  const reading = await read(value);
  if (reading.ok) throw new Error(`expected a refusal, read ${JSON.stringify(reading.runConfig)}`);
  return reading.message;
}

describe('readRunConfig', () => {
  it('reads objects, YAML and JSON to the same config, and nothing as {}', async () => {
    const config = { ops: { quick: { config: { n: 1, names: ['a', 'b'], on: true, none: null } } } };
    for (const value of [
      config,
      JSON.stringify(config),
      'ops:\n  quick:\n    config:\n      n: 1\n      names: [a, b]\n      on: true\n      none: ~\n',
    ]) {
      expect(await read(value)).toEqual({ ok: true, runConfig: config });
    }
    for (const value of [undefined, null, '', '# only a comment\n', 'null']) expect(await read(value)).toEqual({ ok: true, runConfig: {} });
  });

  it('measures size before parsing, for text and for objects', async () => {
    expect(await refusal('#'.repeat(limits.maxRunConfigBytes + 1))).toBe(
      'Run config is larger than the limit of 262144 bytes (api.max_run_config_bytes).',
    );
    // Multi-byte characters count as their UTF-8 bytes: 100,000 of them are 300,000 bytes.
    expect(await refusal(`a: ${'€'.repeat(100_000)}`)).toMatch(/larger than the limit of 262144 bytes/);
    expect(await refusal({ text: 'x'.repeat(limits.maxRunConfigBytes) })).toMatch(/larger than the limit of 262144 bytes/);
    expect(await refusal(Array.from({ length: limits.maxRunConfigBytes }, () => 0))).toMatch(/larger than the limit/);
    const keys = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i]));
    expect(await refusal({ ops: keys })).toMatch(/larger than the limit/);
  });

  it('bounds the JSON a YAML text expands to', async () => {
    // Each alias repeats the 200 KB anchor: 800 KB of JSON from 200 KB of text.
    const text = `a: &a "${'x'.repeat(200_000)}"\nb: *a\nc: *a\nd: *a\n`;
    expect(await refusal(text)).toBe('Run config expands to more than 524288 bytes of JSON (2 × api.max_run_config_bytes).');
  });

  it('refuses nesting past the depth limit, in objects, JSON and YAML alike', async () => {
    expect(await read(nested(32))).toMatchObject({ ok: true });
    const message = 'Run config nests deeper than the limit of 32 levels (api.max_run_config_depth).';
    expect(await refusal(nested(33))).toBe(message);
    expect(await refusal(JSON.stringify(nested(33)))).toBe(message);
    expect(await refusal('['.repeat(5000) + ']'.repeat(5000))).toBe(message);
    expect(await refusal('{a: '.repeat(50_000) + '1' + '}'.repeat(50_000))).toBe(message);
    const block = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(await refusal(`${block} 1`)).toBe(message);
    // An alias cannot smuggle in depth: the parsed value is checked too.
    const deep = '['.repeat(30) + '1' + ']'.repeat(30);
    expect(await read(`a: &deep ${deep}\nb: *deep`)).toMatchObject({ ok: true });
    expect(await refusal(`a: &deep ${deep}\nb: [[[[*deep]]]]`)).toBe(message);
  });

  it('refuses NUL and lone surrogates in keys and values, however they are written', async () => {
    const nul = 'Run config holds a string with a NUL character, which cannot be stored.';
    const surrogate = 'Run config holds a string with a lone UTF-16 surrogate, which is not valid Unicode.';
    expect(await refusal({ ops: { 'a\0b': {} } })).toBe(nul);
    expect(await refusal({ ops: { a: { config: ['ok', 'bad\0'] } } })).toBe(nul);
    expect(await refusal('a: "x\\0y"')).toBe(nul);
    expect(await refusal('a: "x\\x00y"')).toBe(nul);
    expect(await refusal('{"a": "\\u0000"}')).toBe(nul);
    expect(await refusal({ a: '\uD800' })).toBe(surrogate);
    expect(await refusal({ '\uDC00': 1 })).toBe(surrogate);
    expect(await refusal('"\\uD800": 1')).toBe(surrogate);
    expect(await refusal('a: ["\\uDFFF"]')).toBe(surrogate);
    expect(await refusal('a: 1 # \uD800')).toBe(surrogate);
    // A surrogate pair is a character like any other.
    expect(await read('a: "\\uD83D\\uDE00"')).toEqual({ ok: true, runConfig: { a: '😀' } });
  });

  it('refuses alias bombs and undefined aliases', async () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      laughs.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(await refusal(laughs.join('\n'))).toMatch(/more than 100 YAML aliases, or expands one anchor more than 100 times/);
    const manyAliases = ['a: &a 1', ...Array.from({ length: 101 }, (_, i) => `b${i}: *a`)].join('\n');
    expect(await refusal(manyAliases)).toMatch(/more than 100 YAML aliases/);
    expect(await refusal('a: *nowhere')).toBe('Run config is not valid YAML: an alias names no anchor defined before it.');
    expect(await read('a: &x {n: 1}\nb: *x')).toEqual({ ok: true, runConfig: { a: { n: 1 }, b: { n: 1 } } });
  });

  it('reports invalid YAML by code and position only, never quoting the input', async () => {
    const secret = 'SECRET'.repeat(1000);
    const cases: [string, string][] = [
      [`ops: [${secret}`, 'Run config is not valid YAML: BAD_INDENT at line 1, column 6007.'],
      [`a: 1\nb: 2\na: ${secret}`, 'Run config is not valid YAML: DUPLICATE_KEY at line 3, column 1.'],
      [`a: 1\n---\nb: ${secret}`, 'Run config is not valid YAML: MULTIPLE_DOCS at line 2, column 1.'],
      [`x: 1\n y: ${secret}`, 'Run config is not valid YAML: BLOCK_AS_IMPLICIT_KEY at line 1, column 4.'],
    ];
    for (const [text, message] of cases) expect(await refusal(text)).toBe(message);
  });

  it('reads 20,000 keys within the parse budget (yaml checking keys pairwise took 6 s)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  key_${i}: ${i}`);
    const reading = await readRunConfig(`ops:\n${lines.join('\n')}`, { ...limits, maxRunConfigBytes: 1024 * 1024 }, 'test');
    expect(reading.ok && Object.keys((reading.runConfig as { ops: object }).ops).length).toBe(20_000);
  });
});

describe('RunConfigParser', () => {
  const big = (items: number) => `[${'a,'.repeat(items)}z]`;
  const roomy = { maxRunConfigBytes: 64 * 1024 * 1024, maxRunConfigDepth: 32 };

  it('stops a parse past its time budget, and parses the next text on a fresh thread', async () => {
    const parser = new RunConfigParser({ timeBudgetMs: 250, maxHeapMb: 512 });
    // 400,000 flow items take yaml seconds; the budget stops the parse long before.
    const [slow, next] = await Promise.all([parser.parse(big(400_000), roomy, 'a'), parser.parse('n: 1', limits, 'a')]);
    expect(slow).toEqual({ ok: false, message: 'Run config parsing took longer than its budget of 250 ms.' });
    expect(next).toEqual({ ok: true, json: '{"n":1}' });
  });

  it('stops a parse past its heap budget without taking the process down', async () => {
    const parser = new RunConfigParser({ timeBudgetMs: 60_000, maxHeapMb: 16 });
    const [heavy, next] = await Promise.all([parser.parse(big(1_000_000), roomy, 'a'), parser.parse('n: 2', limits, 'a')]);
    expect(heavy).toEqual({ ok: false, message: 'Run config parsing needed more than its memory budget of 16 MB.' });
    expect(next).toEqual({ ok: true, json: '{"n":2}' });
  });

  it('lets clients take turns', async () => {
    const parser = new RunConfigParser();
    const order: string[] = [];
    const parse = (client: string, n: number) =>
      parser.parse(`n: ${n}`, limits, client).then((outcome: ParseOutcome) => {
        order.push(`${client}${n}`);
        return outcome;
      });
    // b and c, arriving after four of a's, wait for one of them, not all.
    await Promise.all([parse('a', 1), parse('a', 2), parse('a', 3), parse('a', 4), parse('b', 1), parse('c', 1)]);
    expect(order).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'a4']);
  });
});
