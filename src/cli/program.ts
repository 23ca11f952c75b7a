// The commander program for the command tree: one commander Command per declaration, with --help on every
// command, --version on the program, and errors that name the argument. The actions stay behind their
// dynamic imports until `run` calls one.
import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import type { ArgumentSpec, Leaf, Node, OptionSpec } from './command-spec.js';
import { COMMAND_TREE } from './command-tree.js';
import { writeErr, writeOut } from './output.js';

/** A parsed command line, as an action receives it. */
export interface ParsedInvocation {
  options: Record<string, unknown>;
  args: Record<string, string | undefined>;
}

/** Where a parsed command came from, for the messages about it. */
export interface InvokedCommand {
  /** `tidepool instance concurrency get` */
  path: string;
  /** Its usage line without the path: `[options] [KEY]`. */
  usage: string;
}

export type Runner = (leaf: Leaf, invocation: ParsedInvocation, command: InvokedCommand) => Promise<void>;

export function buildProgram(run: Runner, nodes: readonly Node[] = COMMAND_TREE): Command {
  const program = new Command('tidepool')
    .description('A Postgres-backed run queue and concurrency-control service with a Dagster-shaped GraphQL API.')
    .version(VERSION, '-V, --version', 'print the version of tidepool')
    .helpOption('-h, --help', 'show help for the command')
    .helpCommand('help [command]', 'show help for a command')
    // Settings given before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({ writeOut, writeErr })
    .showHelpAfterError(true);
  for (const node of nodes) addNode(program, node, run);
  return program;
}

function addNode(parent: Command, node: Node, run: Runner): void {
  if (node.kind === 'group') {
    const group = parent.command(node.name).description(node.description);
    for (const child of node.commands) addNode(group, child, run);
    return;
  }
  const { spec } = node;
  const command = parent.command(spec.name).description(spec.description);
  for (const argument of spec.arguments ?? []) command.argument(argumentSyntax(argument), argument.description);
  for (const [key, option] of Object.entries(spec.options)) command.addOption(toOption(key, option));
  const path = commandPath(command);
  // A mistake in the command line: the error, then this command's usage (not the whole help text).
  command.showHelpAfterError(usageHint({ path, usage: command.usage() }));
  command.action(async () => {
    const options: Record<string, unknown> = { ...command.opts() };
    // A repeatable option not given is an empty list, as its type says.
    for (const [key, option] of Object.entries(spec.options)) if (option.repeatable) options[key] ??= [];
    const args = Object.fromEntries((spec.arguments ?? []).map((argument, index) => [argument.name, command.processedArgs[index]]));
    await run(node, { options, args }, { path, usage: command.usage() });
  });
}

/** What follows a mistake in a command line: the command's usage and where to read more. */
export function usageHint(command: InvokedCommand): string {
  return `Usage: ${command.path} ${command.usage}\nSee '${command.path} --help' for what each option does.`;
}

function argumentSyntax(argument: ArgumentSpec): string {
  const name = argument.name.toUpperCase();
  return argument.optional ? `[${name}]` : `<${name}>`;
}

function toOption(key: string, spec: OptionSpec): Option {
  const flag = key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const option = new Option(`--${spec.negated ? `no-${flag}` : flag}${spec.value ? ` <${spec.value}>` : ''}`, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.required) option.makeOptionMandatory();
  if (spec.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  return option;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}
