// Operation names as metric labels. Clients choose them, so a client sending a new name per request could
// otherwise create a series per request. The first MAX_OPERATION_NAMES distinct names seen by the process (its registry: metrics/instruments.ts) keep
// their own label; later new names report as 'other', operations without a name as 'anonymous', and
// requests whose operation is unknown (unparsable, or rejected before parsing) as 'unknown'.

export const MAX_OPERATION_NAMES = 100;
/** GraphQL names are [_A-Za-z][_0-9A-Za-z]*; longer than this is not a name people chart. */
const MAX_NAME_LENGTH = 100;

export const ANONYMOUS = 'anonymous';
export const UNKNOWN = 'unknown';
export const OTHER = 'other';

export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number = MAX_OPERATION_NAMES) {}

  /** The label for an operation named `name` (null or undefined: anonymous). */
  label(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return ANONYMOUS;
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max || name.length > MAX_NAME_LENGTH || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) return OTHER;
    this.seen.add(name);
    return name;
  }
}
