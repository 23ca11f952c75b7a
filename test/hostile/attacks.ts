// The attacks of issue 11, with variants, as an attacker sends them to a running server, and the
// answer each must get. An answer is "typed" when it is a union member or GraphQL errors that all carry
// a code (or a WebSocket close code), and it must be one of the answers the attack lists: anything else —
// "Unexpected error.", a 5xx, a hang, a dropped connection — is a finding. Launches that must be refused
// carry the tag REFUSED_TAG, so the suite can check afterwards that none of them was written.
import { randomUUID } from 'node:crypto';
import { gql, post, RawSocket, type Answer } from './clients.js';

export const REFUSED_TAG = 'hostile/refused';

export interface Target {
  url: string;
  wsUrl: string;
}

/** What came back, as one word: a typename, an error code, `ws:<close code>`, `ok` for a bounded success. */
export type Outcome = string;

export interface Attack {
  kind: string;
  /** How many requests the attack sends (counted in the summary). */
  requests: number;
  /** The answers that count as handled. */
  expected: readonly string[];
  send(target: Target): Promise<Outcome[]>;
}

const LAUNCH = 'mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename ... on Error { message } } }';
const refusedTags = [{ key: REFUSED_TAG, value: '1' }];

/** One word for an HTTP answer: the launch result's typename, the first error code, or `ok`. */
export function outcomeOf(answer: Answer, field?: string): Outcome {
  const errors = answer.body?.errors ?? [];
  if (errors.length > 0) {
    const codes = errors.map((error) => error.extensions?.code);
    return codes.every((code) => typeof code === 'string') ? String(codes[0]) : `untyped(${answer.status}: ${errors[0]!.message})`;
  }
  if (answer.status !== 200) return `untyped(status ${answer.status})`;
  if (field) {
    const value = answer.body?.data?.[field] as { __typename?: string } | undefined;
    return value?.__typename ?? 'untyped(no typename)';
  }
  return 'ok';
}

/** Refused launches come from their own client (127.0.0.5), so they spend none of the well-behaved client's launch rate. */
const LAUNCH_ATTACKER = '127.0.0.5';

function launchWithConfig(target: Target, runConfigData: unknown, from = LAUNCH_ATTACKER): Promise<Outcome> {
  const body = gql(LAUNCH, { p: { selector: { jobName: 'quick_job' }, runConfigData, executionMetadata: { tags: refusedTags } } });
  return post(target.url, body, { from }).then((answer) => outcomeOf(answer, 'launchRun'));
}

function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

function yamlKeys(n: number): string {
  return times(n, (i) => `k${i}: v${i}`).join('\n');
}

const configRefused = ['RunConfigValidationInvalid'];

export function attacks(): Attack[] {
  return [
    {
      kind: 'YAML bracket bombs (5,000 and 20,000 levels, flow maps, block nesting)',
      requests: 4,
      expected: configRefused,
      send: (target) =>
        Promise.all([
          launchWithConfig(target, '['.repeat(5_000) + ']'.repeat(5_000)),
          launchWithConfig(target, '['.repeat(20_000) + ']'.repeat(20_000)),
          launchWithConfig(target, '{a: '.repeat(3_000) + '1' + '}'.repeat(3_000)),
          launchWithConfig(target, times(200, (i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1'),
        ]),
    },
    {
      kind: 'YAML with many keys: 100,000 (1.2 MB), 25,000 (over the size limit), 12,000 (parsed, off the event loop)',
      requests: 3,
      expected: configRefused,
      send: (target) =>
        Promise.all([
          launchWithConfig(target, yamlKeys(100_000)),
          launchWithConfig(target, yamlKeys(25_000)),
          launchWithConfig(target, yamlKeys(12_000)),
        ]),
    },
    {
      kind: 'YAML alias expansion ("billion laughs")',
      requests: 1,
      expected: configRefused,
      send: async (target) => {
        const levels = times(9, (i) => `l${i + 1}: &l${i + 1} [${times(9, () => `*l${i}`).join(', ')}]`);
        return [
          await launchWithConfig(target, ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...levels, 'ops: *l9'].join('\n')),
        ];
      },
    },
    {
      kind: 'run config objects: 1M elements (over the body budget), 300 KB (over the config limit), 100 levels deep',
      requests: 3,
      expected: ['REQUEST_TOO_LARGE', ...configRefused],
      send: async (target) => {
        let deep: unknown = 1;
        for (let level = 0; level < 100; level++) deep = { d: deep };
        return Promise.all([
          launchWithConfig(target, { ops: { quick: { config: new Array(1_000_000).fill(0) } } }),
          launchWithConfig(target, { ops: { quick: { config: 'x'.repeat(300_000) } } }),
          launchWithConfig(target, { ops: { quick: { config: deep } } }),
        ]);
      },
    },
    {
      kind: 'NUL and lone surrogates in a tag value, a run config value, a filter and a pool key',
      requests: 7,
      expected: ['INVALID_STRING', ...configRefused],
      send: async (target) => {
        const launchTag = (value: string) =>
          post(
            target.url,
            gql(LAUNCH, {
              p: { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [...refusedTags, { key: 'owner', value }] } },
            }),
            { from: LAUNCH_ATTACKER },
          ).then((answer) => outcomeOf(answer, 'launchRun'));
        const filter = (value: string) =>
          post(
            target.url,
            gql('query($v: String!) { runsOrError(filter: { tags: [{ key: "owner", value: $v }] }) { __typename } }', { v: value }),
          ).then((a) => outcomeOf(a));
        const poolKey = (key: string) =>
          post(target.url, gql('mutation($k: String!) { setConcurrencyLimit(concurrencyKey: $k, limit: 1) }', { k: key })).then((a) =>
            outcomeOf(a),
          );
        return Promise.all([
          launchTag('a\u0000b'),
          launchTag('a\ud800b'),
          launchWithConfig(target, { ops: { quick: { config: 'a\u0000b' } } }),
          launchWithConfig(target, 'ops: {quick: {config: "a\\0b"}}'),
          filter('\u0000'),
          filter('\udfff'),
          poolKey('pool\u0000'),
        ]);
      },
    },
    {
      kind: 'a body that is not UTF-8',
      requests: 1,
      expected: ['INVALID_UTF8'],
      send: async (target) => {
        const bytes = Buffer.from(
          gql(LAUNCH, {
            p: { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [...refusedTags, { key: 'owner', value: 'ZZ' }] } },
          }),
        );
        bytes[bytes.indexOf('ZZ')] = 0xff;
        return [outcomeOf(await post(target.url, bytes, { from: LAUNCH_ATTACKER }))];
      },
    },
    {
      kind: 'distinct large documents (30 × 1.5 MB, each new to the document cache) and one of 24 MB',
      requests: 31,
      expected: ['ok', 'REQUEST_TOO_LARGE'],
      send: async (target) => {
        const outcomes: Outcome[] = [];
        // Five at a time: a client streaming documents, not a single burst.
        for (let batch = 0; batch < 6; batch++) {
          const answers = await Promise.all(
            times(5, () => post(target.url, JSON.stringify({ query: `# ${randomUUID()} ${'x'.repeat(1_500_000)}\n{ version }` }))),
          );
          outcomes.push(...answers.map((answer) => outcomeOf(answer)));
        }
        outcomes.push(outcomeOf(await post(target.url, JSON.stringify({ query: `# ${'y'.repeat(24_000_000)}\n{ version }` }))));
        return outcomes;
      },
    },
    {
      kind: 'count storm: 20 concurrent requests of 100 aliased counts',
      requests: 20,
      expected: ['OPERATION_TOO_COSTLY'],
      send: (target) => {
        const query = `{ ${times(100, (i) => `c${i}: runsOrError { ... on Runs { count } }`).join(' ')} }`;
        return Promise.all(times(20, () => post(target.url, gql(query)).then((a) => outcomeOf(a))));
      },
    },
    {
      kind: 'admitted heavy reads: 20 concurrent requests of 9 counts each, half abandoned mid-request',
      requests: 20,
      // Answered, or stopped by the API's own bounds; an abandoned one has no answer (`abandoned`).
      expected: ['ok', 'STATEMENT_TIMEOUT', 'SERVICE_BUSY', 'abandoned'],
      send: (target) => {
        const query = `{ ${times(9, (i) => `c${i}: runsOrError(limit: 1) { ... on Runs { count } }`).join(' ')} }`;
        return Promise.all(
          times(20, async (i) => {
            const controller = new AbortController();
            if (i % 2 === 1) setTimeout(() => controller.abort(), 5 + i);
            try {
              return outcomeOf(await post(target.url, gql(query), { signal: controller.signal }));
            } catch (error) {
              if (controller.signal.aborted) return 'abandoned';
              throw error;
            }
          }),
        );
      },
    },
    {
      kind: 'WebSocket: a 3 MB subscribe message, a 1 MB connection_init payload',
      requests: 2,
      expected: ['ws:1009', 'ws:4400', 'ws:4403', 'ws:4413'],
      send: async (target) => {
        const big = new RawSocket(target.wsUrl, '127.0.0.4');
        const outcomes: Outcome[] = [];
        if (await big.init()) {
          big.subscribe('1', `subscription { runStatusChanged { toStatus } } # ${'z'.repeat(3_000_000)}`);
          await big.waitClosed();
        }
        outcomes.push(`ws:${big.closeCode}`);
        const heavyInit = new RawSocket(target.wsUrl, '127.0.0.4');
        await heavyInit.init({ blob: 'i'.repeat(1_000_000) });
        await heavyInit.close();
        outcomes.push(`ws:${heavyInit.closeCode}`);
        return outcomes;
      },
    },
  ];
}

/** Launches from one client as fast as it can: the first `burst` pass, the rest are RATE_LIMITED. */
export async function launchFlood(target: Target, from: string, count: number, tag: string): Promise<Outcome[]> {
  const body = gql(LAUNCH, { p: { selector: { jobName: 'quick_job' }, executionMetadata: { tags: [{ key: tag, value: '1' }] } } });
  return Promise.all(times(count, () => post(target.url, body, { from }).then((answer) => outcomeOf(answer, 'launchRun'))));
}

export interface FloodResult {
  accepted: number;
  refused: number;
  /** Outcomes of the subscriptions over the cap. */
  subscriptionRefusals: Outcome[];
  /** A connection from the same client after everything closed: accepted again. */
  releasedAfterwards: boolean;
}

/**
 * One client opens `sockets` connections (more than its cap) and `perSocket` subscriptions on each
 * (more than its cap in all); every connection and subscription over a cap must be refused with a
 * code; after it disconnects, the same client can connect again (nothing leaked).
 */
export async function socketFlood(
  target: Target,
  from: string,
  { sockets, perSocket, allowedSubscriptions }: { sockets: number; perSocket: number; allowedSubscriptions: number },
): Promise<FloodResult & { outcomes: Outcome[] }> {
  const opened = times(sockets, () => new RawSocket(target.wsUrl, from));
  const acked = await Promise.all(opened.map((socket) => socket.init()));
  const live = opened.filter((_, i) => acked[i]);
  const outcomes: Outcome[] = opened.filter((_, i) => !acked[i]).map((socket) => `ws:${socket.closeCode}`);
  for (const socket of live) {
    for (let i = 0; i < perSocket; i++) socket.subscribe(String(i), 'subscription { runStatusChanged { toStatus } }');
  }
  // A refused subscription gets an `error` message; the accepted ones stay open and silent until a run changes.
  // Refused over a cap: an `error` message, or a result carrying only errors (then `complete`).
  const refusalsOf = (socket: RawSocket) =>
    socket.messages.flatMap((message) => {
      if (message.type === 'error') return [(message.payload as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code];
      const errors = (message.payload as { errors?: { extensions?: { code?: string } }[] } | undefined)?.errors;
      return message.type === 'next' && errors?.length ? [errors[0]!.extensions?.code] : [];
    });
  const errorsOf = (socket: RawSocket) => refusalsOf(socket).length;
  const overCap = Math.max(0, live.length * perSocket - allowedSubscriptions);
  await live[0]!.until(() => live.reduce((sum, socket) => sum + errorsOf(socket), 0) >= overCap);
  const subscriptionRefusals = live.flatMap((socket) => refusalsOf(socket).map((code) => code ?? 'untyped(subscription error)'));
  await Promise.all(opened.map((socket) => socket.close()));
  const again = new RawSocket(target.wsUrl, from);
  const releasedAfterwards = await again.init();
  await again.close();
  return {
    accepted: live.length,
    refused: sockets - live.length,
    subscriptionRefusals,
    releasedAfterwards,
    outcomes: [...outcomes, ...subscriptionRefusals],
  };
}
