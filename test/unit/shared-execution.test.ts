// The shared subscription execution (src/subscriptions/shared-execution.ts): subscribers of one payload share
// an execution only when their contexts agree on everything it read. A tiny schema whose payload has a field
// that reads the caller (as Schedule.hasStartPermission does) and one that reads nothing of the context; each
// test counts the executions of the payload's fields and checks every subscriber's own answer.
import { type ExecutionArgs, type ExecutionResult } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useSharedSubscriptionExecution } from '../../src/subscriptions/shared-execution.js';

interface Context {
  caller: { actor: string; role: string };
  loader: object;
  log: object;
}

/** One payload object, handed to every subscriber (as the hub does), and how often each field resolved. */
function harness() {
  const payload = { id: '1' };
  const resolved = { canEdit: 0, id: 0 };
  const schema = createSchema<Context>({
    typeDefs: /* GraphQL */ `
      type Query {
        ok: Boolean
      }
      type Change {
        id: String!
        canEdit: Boolean!
      }
      type Subscription {
        changed(tag: String): Change!
      }
    `,
    resolvers: {
      Subscription: {
        changed: {
          // Every subscriber gets the same payload object once.
          subscribe: async function* () {
            yield payload;
          },
          resolve: (change: typeof payload) => change,
        },
      },
      Change: {
        id: (change: typeof payload) => (resolved.id++, change.id),
        canEdit: (_change: unknown, _args: unknown, ctx: Context) => (resolved.canEdit++, ctx.caller.role !== 'viewer'),
      },
    },
  });
  const yoga = createYoga<{ caller: Context['caller'] }, Context>({
    schema,
    context: ({ caller }) => ({ caller, loader: {}, log: {} }),
    plugins: [
      useSharedSubscriptionExecution<Context>({
        contextForPayload: (context) => ({ ...context, loader: {} }),
        ignoredContext: ['loader', 'log'],
      }),
    ],
  });
  /** Subscribes as `caller` and returns the first result. */
  const first = async (query: string, caller: Context['caller'], variables: Record<string, unknown> = {}) => {
    const enveloped = yoga.getEnveloped({ caller });
    const args: ExecutionArgs = {
      schema: enveloped.schema,
      document: enveloped.parse(query),
      variableValues: variables,
      contextValue: await enveloped.contextFactory(),
    };
    const stream = (await enveloped.subscribe(args)) as AsyncIterableIterator<ExecutionResult>;
    const { value } = await stream.next();
    await stream.return?.();
    return value as ExecutionResult;
  };
  return { resolved, first };
}

const WITH_PERMISSION = 'subscription { changed { id canEdit } }';
const WITHOUT_PERMISSION = 'subscription { changed { id } }';
const viewer = (actor: string) => ({ actor, role: 'viewer' });
const admin = (actor: string) => ({ actor, role: 'admin' });

describe('shared subscription execution', () => {
  it('shares one execution among subscribers whose callers are alike (other objects, same values)', async () => {
    const { resolved, first } = harness();
    const answers = await Promise.all([first(WITH_PERMISSION, viewer('a')), first(WITH_PERMISSION, viewer('a'))]);
    expect(answers.map((answer) => answer.data)).toEqual([
      { changed: { id: '1', canEdit: false } },
      { changed: { id: '1', canEdit: false } },
    ]);
    expect(resolved).toEqual({ id: 1, canEdit: 1 });
  });

  it('gives a subscriber with another role its own execution when the selection reads the caller', async () => {
    const { resolved, first } = harness();
    const [asViewer, asAdmin, asViewerAgain] = await Promise.all([
      first(WITH_PERMISSION, viewer('v')),
      first(WITH_PERMISSION, admin('a')),
      first(WITH_PERMISSION, viewer('v')),
    ]);
    expect(asViewer.data).toEqual({ changed: { id: '1', canEdit: false } });
    expect(asAdmin.data).toEqual({ changed: { id: '1', canEdit: true } });
    expect(asViewerAgain.data).toEqual({ changed: { id: '1', canEdit: false } });
    // One execution per distinct caller: the second viewer shares the first one's.
    expect(resolved).toEqual({ id: 2, canEdit: 2 });
  });

  it('shares across callers when the selection reads nothing of them', async () => {
    const { resolved, first } = harness();
    const answers = await Promise.all([first(WITHOUT_PERMISSION, viewer('v')), first(WITHOUT_PERMISSION, admin('a'))]);
    expect(answers.map((answer) => answer.data)).toEqual([{ changed: { id: '1' } }, { changed: { id: '1' } }]);
    expect(resolved).toEqual({ id: 1, canEdit: 0 });
  });

  it('never shares between different variables or documents', async () => {
    const { resolved, first } = harness();
    const withTag = 'subscription($tag: String) { changed(tag: $tag) { id } }';
    await Promise.all([
      first(withTag, viewer('v'), { tag: 'x' }),
      first(withTag, viewer('v'), { tag: 'y' }),
      first(WITHOUT_PERMISSION, viewer('v')),
    ]);
    expect(resolved.id).toBe(3);
  });
});
