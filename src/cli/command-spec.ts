// How a CLI command is declared: its name, description, arguments and options as plain data, and its action
// behind a dynamic import. The tree of declarations is all `--help` loads (src/cli/tree/), so it must stay
// light: declaration modules import nothing but this file and vocabulary without dependencies.
import { LOG_LEVELS } from '../log/levels.js';

/** An option; its flag is the key in kebab case (`maxRuns` is `--max-runs`). */
export interface OptionSpec {
  /** One line for --help: what it does, its default, and the variable it falls back to. */
  readonly description: string;
  /** The value's placeholder (`N`, `FILE`); an option without one is a boolean flag. */
  readonly value?: string;
  /** A flag spelled `--no-<key>`, true unless given. */
  readonly negated?: true;
  /** May be given several times; the values are collected in order. */
  readonly repeatable?: true;
  /** The only values accepted (commander refuses others, naming the option and the choices). */
  readonly choices?: readonly string[];
  /** Must be given (commander refuses the command without it, naming the option). */
  readonly required?: true;
}

export interface ArgumentSpec {
  /** Shown upper-cased in usage (`key` is KEY). */
  readonly name: string;
  readonly description: string;
  readonly optional?: true;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<O extends OptionSpecs = OptionSpecs, A extends readonly ArgumentSpec[] = readonly ArgumentSpec[]> {
  readonly name: string;
  readonly description: string;
  readonly arguments?: A;
  readonly options: O;
}

type OptionValue<O extends OptionSpec> = O extends { repeatable: true } ? string[] : O extends { value: string } ? string : boolean;
type Present<O extends OptionSpec> = O extends { required: true } | { repeatable: true } | { negated: true } ? true : false;

/** What an action receives for the options: each value typed by its spec, optional unless always present. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O as Present<O[K]> extends true ? K : never]: OptionValue<O[K]>;
} & {
  [K in keyof O as Present<O[K]> extends true ? never : K]?: OptionValue<O[K]>;
};

/** What an action receives for the arguments, by name. */
export type ArgumentValues<A extends readonly ArgumentSpec[]> = {
  [S in A[number] as S['name']]: S extends { optional: true } ? string | undefined : string;
};

export interface Invocation<S extends CommandSpec> {
  options: OptionValues<S['options']>;
  args: S['arguments'] extends readonly ArgumentSpec[] ? ArgumentValues<S['arguments']> : Record<string, never>;
}

export type Action<S extends CommandSpec> = (invocation: Invocation<S>) => Promise<void>;

/** A command that runs: its declaration and how to import its action. */
export interface Leaf {
  readonly kind: 'leaf';
  readonly spec: CommandSpec;
  readonly load: () => Promise<
    (invocation: { options: Record<string, unknown>; args: Record<string, string | undefined> }) => Promise<void>
  >;
}

/** A command that only groups others (`tidepool instance`, `tidepool token`). */
export interface Group {
  readonly kind: 'group';
  readonly name: string;
  readonly description: string;
  readonly commands: readonly Node[];
}

export type Node = Leaf | Group;

/** Declares a command; S is checked against the action's parameter, so spec and action cannot drift apart. */
export function command<const S extends CommandSpec>(spec: S, load: () => Promise<Action<NoInfer<S>>>): Leaf {
  return { kind: 'leaf', spec, load: load as Leaf['load'] };
}

export function group(name: string, description: string, commands: readonly Node[]): Group {
  return { kind: 'group', name, description, commands };
}

/** Options that most commands share. */
export const CONFIG_OPTION = {
  config: { value: 'FILE', description: 'instance config file (default: $TIDEPOOL_CONFIG, else ./tidepool.yaml if present)' },
} as const satisfies OptionSpecs;

export const JSON_OPTION = {
  json: { description: 'print the result as JSON instead of text' },
} as const satisfies OptionSpecs;

/** The long-running commands' (serve, daemon, worker): their logs' level (src/log). */
export const LOG_LEVEL_OPTION = {
  logLevel: {
    value: 'LEVEL',
    choices: LOG_LEVELS,
    description: 'least severe log lines written (default: $LOG_LEVEL, else info)',
  },
} as const satisfies OptionSpecs;

export const DEFINITIONS_OPTION = {
  definitions: { value: 'FILE', description: 'code location to load: a .ts or .js definitions file (default: $TIDEPOOL_DEFINITIONS)' },
} as const satisfies OptionSpecs;
