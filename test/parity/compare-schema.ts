// Compares a GraphQL schema with the Dagster shapes of dagster-shapes.ts and lists every difference, each with
// a stable id (for the test's KNOWN_GAPS) and a sentence saying what differs. Tidepool may add to Dagster's
// shapes only what it documents as its own: an extra field, argument, enum value or union member whose
// description starts with "NEW:" (an extra argument or input field must also be optional, so that a Dagster
// client's queries stay valid), and an extra interface that the type's description names ("NEW: implements
// Error": Tidepool's clients read `... on Error { message }`), with that interface's fields. One relaxation
// is allowed: an input field or argument Dagster requires (`T!`) may be optional (`T`) when its description
// starts with "NEW: optional" — every document valid against Dagster's schema stays valid against ours, which
// is what a Dagster client needs; output types are never relaxed.
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { ShapeKind, TypeShape } from './dagster-shapes.js';

export interface Mismatch {
  /** Stable: `Type`, `Type.field`, `Type.field(arg)`, `Type.VALUE`, `Type|Member` plus what differs. */
  id: string;
  detail: string;
}

export interface Comparison {
  mismatches: Mismatch[];
  counts: { typesInFull: number; partialRoots: number; boundaryTypes: number; fields: number };
}

const BUILTIN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

function kindOf(type: GraphQLNamedType): ShapeKind {
  if (isObjectType(type)) return 'OBJECT';
  if (isInterfaceType(type)) return 'INTERFACE';
  if (isUnionType(type)) return 'UNION';
  if (isEnumType(type)) return 'ENUM';
  if (isInputObjectType(type)) return 'INPUT_OBJECT';
  return 'SCALAR';
}

const isNew = (description: string | null | undefined): boolean => description?.startsWith('NEW:') ?? false;
/** An input Dagster requires that Tidepool documents as optional (a relaxation no Dagster document notices). */
const isRelaxed = (description: string | null | undefined): boolean => description?.startsWith('NEW: optional') ?? false;

/** '(a: T, b: U) R' → { args: { a: 'T', b: 'U' }, type: 'R' }. */
export function parseSignature(signature: string): { args: Map<string, string>; type: string } {
  const args = new Map<string, string>();
  const match = /^\((.*)\) (.+)$/.exec(signature);
  if (!match) return { args, type: signature };
  for (const part of match[1]!.split(', ')) {
    const colon = part.indexOf(': ');
    args.set(part.slice(0, colon), part.slice(colon + 2));
  }
  return { args, type: match[2]! };
}

/** The type names a shape refers to (for the check that the description is closed). */
export function referencedTypes(shape: TypeShape): string[] {
  const names = new Set<string>([...(shape.interfaces ?? []), ...(shape.members ?? [])]);
  for (const signature of Object.values(shape.fields ?? {})) {
    const { args, type } = parseSignature(signature);
    for (const t of [type, ...args.values()]) names.add(t.replace(/[[\]!]/g, ''));
  }
  return [...names].filter((n) => !BUILTIN_SCALARS.has(n));
}

export function compareSchema(schema: GraphQLSchema, shapes: Readonly<Record<string, TypeShape>>): Comparison {
  const mismatches: Mismatch[] = [];
  const counts = { typesInFull: 0, partialRoots: 0, boundaryTypes: 0, fields: 0 };
  const add = (id: string, detail: string) => mismatches.push({ id, detail });

  for (const [name, shape] of Object.entries(shapes)) {
    if (shape.boundary) counts.boundaryTypes += 1;
    else if (shape.partial) counts.partialRoots += 1;
    else counts.typesInFull += 1;
    counts.fields += Object.keys(shape.fields ?? {}).length;
    const ours = schema.getType(name);
    if (!ours) {
      add(`${name} missing`, `type ${name} (${shape.kind}) does not exist`);
      continue;
    }
    if (kindOf(ours) !== shape.kind) {
      add(`${name} kind`, `${name} is ${kindOf(ours)} in Tidepool, ${shape.kind} in Dagster`);
      continue;
    }
    if (shape.boundary) continue;

    // Interfaces Tidepool adds that its description documents ("NEW: implements Error"), and their fields.
    const documentedExtras = new Set<string>();
    if (isObjectType(ours) || isInterfaceType(ours)) {
      const theirs = [...(shape.interfaces ?? [])].sort();
      const mine = ours
        .getInterfaces()
        .filter((i) => {
          if (theirs.includes(i.name) || !ours.description?.includes(`NEW: implements ${i.name}`)) return true;
          for (const field of Object.keys(i.getFields())) documentedExtras.add(field);
          return false;
        })
        .map((i) => i.name)
        .sort();
      if (theirs.join() !== mine.join()) {
        add(`${name} interfaces`, `${name} implements [${mine.join(', ')}] in Tidepool, [${theirs.join(', ')}] in Dagster`);
      }
    }
    if (isObjectType(ours) || isInterfaceType(ours) || isInputObjectType(ours)) {
      const fields = ours.getFields() as Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>;
      for (const [fieldName, signature] of Object.entries(shape.fields ?? {})) {
        const field = fields[fieldName];
        const id = `${name}.${fieldName}`;
        if (!field) {
          add(`${id} missing`, `${id} does not exist (Dagster: ${signature})`);
          continue;
        }
        const { args: theirArgs, type } = parseSignature(signature);
        const relaxed = isInputObjectType(ours) && `${String(field.type)}!` === type && isRelaxed(field.description);
        if (String(field.type) !== type && !relaxed) add(`${id} type`, `${id} is ${String(field.type)} in Tidepool, ${type} in Dagster`);
        const ourArgs: readonly GraphQLArgument[] = 'args' in field ? field.args : [];
        for (const [argName, argType] of theirArgs) {
          const arg = ourArgs.find((a) => a.name === argName);
          if (!arg) add(`${id}(${argName}) missing`, `${id} has no argument ${argName} (Dagster: ${argType})`);
          else if (String(arg.type) !== argType)
            add(`${id}(${argName}) type`, `${id}(${argName}) is ${String(arg.type)} in Tidepool, ${argType} in Dagster`);
        }
        for (const arg of ourArgs) {
          if (theirArgs.has(arg.name)) continue;
          if (isNonNullType(arg.type) || !isNew(arg.description))
            add(
              `${id}(${arg.name}) extra`,
              `${id}(${arg.name}: ${String(arg.type)}) is not Dagster's: it must be optional and documented "NEW:"`,
            );
        }
      }
      if (!shape.partial) {
        for (const field of Object.values(fields)) {
          if (shape.fields?.[field.name] !== undefined || documentedExtras.has(field.name)) continue;
          const required = isInputObjectType(ours) && isNonNullType(field.type);
          if (required || !isNew(field.description))
            add(
              `${name}.${field.name} extra`,
              `${name}.${field.name} (${String(field.type)}) is not Dagster's: document it "NEW:"${isInputObjectType(ours) ? ' and make it optional' : ''}`,
            );
        }
      }
    }
    if (isUnionType(ours)) {
      const mine = new Map(ours.getTypes().map((t) => [t.name, t]));
      for (const member of shape.members ?? []) {
        if (!mine.has(member)) add(`${name}|${member} missing`, `union ${name} lacks member ${member}`);
      }
      for (const [member, type] of mine) {
        if (!shape.members?.includes(member) && !isNew(type.description))
          add(`${name}|${member} extra`, `union ${name} has member ${member}, not Dagster's and not documented "NEW:"`);
      }
    }
    if (isEnumType(ours)) {
      const mine = new Map(ours.getValues().map((v) => [v.name, v]));
      for (const value of shape.values ?? []) {
        if (!mine.has(value)) add(`${name}.${value} missing`, `enum ${name} lacks value ${value}`);
      }
      for (const [value, v] of mine) {
        if (!shape.values?.includes(value) && !isNew(v.description))
          add(`${name}.${value} extra`, `enum ${name} has value ${value}, not Dagster's and not documented "NEW:"`);
      }
    }
  }
  return { mismatches, counts };
}
