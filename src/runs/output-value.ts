// A step's return value as it is stored (step_outputs, see step-outputs.ts): JSON text, checked here before
// the step may succeed. Only plain JSON values are accepted — null, booleans, finite numbers, strings,
// arrays and plain objects — because a downstream step of a re-execution receives what JSON.parse gives
// back, and it must be what the step returned: a Date would come back a string, a Map an empty object,
// NaN null, a function nothing. Such a value fails the step with the path of the offending part, instead
// of being stored changed. `undefined` (a step that returns nothing) is recorded as such.
//
// Cost: one walk of the value plus JSON.stringify; both are linear in its size, which is bounded by
// `run_outputs.max_bytes` (bench/outputs measures it on the end-to-end scenario).

/** The output of a step, ready to store. */
export interface SerializedOutput {
  stepKey: string;
  /** JSON text; null when the step returned undefined. */
  json: string | null;
  isUndefined: boolean;
  /** UTF-8 bytes of `json` (0 for undefined). */
  sizeBytes: number;
}

/** Why a step's return value cannot be stored: the step fails with this error. */
export class StepOutputError extends Error {
  override readonly name = 'StepOutputError';
  constructor(
    readonly stepKey: string,
    message: string,
  ) {
    super(message);
  }
}

/** The setting that bounds a stored output, named in the error that refuses one. */
export const MAX_BYTES_SETTING = 'run_outputs.max_bytes';

/** Checks and serialises a step's return value; throws StepOutputError when it cannot be stored. */
export function serializeOutput(stepKey: string, value: unknown, maxBytes: number): SerializedOutput {
  if (value === undefined) return { stepKey, json: null, isUndefined: true, sizeBytes: 0 };
  const problem = firstProblem(value);
  if (problem !== null) {
    throw new StepOutputError(
      stepKey,
      `The output of step "${stepKey}" cannot be stored: ${problem}. Step outputs are stored as JSON so that a ` +
        're-execution can load them; return plain objects, arrays, strings, finite numbers, booleans or null.',
    );
  }
  const json = JSON.stringify(value);
  const sizeBytes = Buffer.byteLength(json);
  if (sizeBytes > maxBytes) {
    throw new StepOutputError(
      stepKey,
      `The output of step "${stepKey}" is ${sizeBytes} bytes as JSON, above the limit of ${maxBytes} bytes ` +
        `(${MAX_BYTES_SETTING} in the instance config). Return a smaller value (e.g. a reference to where the data ` +
        `is), or raise ${MAX_BYTES_SETTING}.`,
    );
  }
  return { stepKey, json, isUndefined: false, sizeBytes };
}

/** The value a stored output gives back to a step. */
export function outputValue(stored: { value: unknown; isUndefined: boolean }): unknown {
  return stored.isUndefined ? undefined : stored.value;
}

/** A description of the first part of `root` that is not plain JSON, with its path; null when it all is. */
function firstProblem(root: unknown): string | null {
  const ancestors: object[] = [];
  const visit = (value: unknown, path: string): string | null => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return null;
      case 'number':
        return Number.isFinite(value) ? null : `${path} is ${String(value)}, which JSON cannot represent`;
      case 'bigint':
        return `${path} is a BigInt (${String(value)}n); return it as a string or a number`;
      case 'function':
        return `${path} is a function`;
      case 'symbol':
        return `${path} is a symbol`;
      case 'undefined':
        return `${path} is undefined (inside an array or object; use null)`;
    }
    if (value === null) return null;
    const object = value as object;
    if (ancestors.includes(object)) return `${path} refers back to one of its containing values (a cycle)`;
    ancestors.push(object);
    try {
      if (Array.isArray(object)) {
        for (let index = 0; index < object.length; index++) {
          const problem = visit(object[index], `${path}[${index}]`);
          if (problem !== null) return problem;
        }
        return null;
      }
      const prototype = Object.getPrototypeOf(object) as object | null;
      if (prototype !== Object.prototype && prototype !== null) {
        const name = (object as { constructor?: { name?: string } }).constructor?.name ?? 'an object with a prototype';
        return `${path} is a ${name}, not a plain object`;
      }
      for (const key of Object.keys(object)) {
        const child = (object as Record<string, unknown>)[key];
        // A property set to undefined is left out by JSON, as reading it back gives undefined anyway.
        if (child === undefined) continue;
        const problem = visit(child, `${path}.${key}`);
        if (problem !== null) return problem;
      }
      return null;
    } finally {
      ancestors.pop();
    }
  };
  return visit(root, 'the value');
}
