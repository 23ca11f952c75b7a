// What a field of the schema declares it costs, in `extensions: { cost }` beside its resolver: the field
// knows what it reads. The server's cost budget (src/server/operation-cost.ts) prices operations from
// these declarations; its header gives the units and the rules.
/** What a field declares in `extensions: { cost }`. */
export interface FieldCost {
  /** Units each time the field resolves (its own queries). Default 0. */
  weight?: number;
  /** For a field returning a page: its size, and which field of its result holds the items. */
  page?: {
    /** The argument giving the page size (e.g. 'limit'). */
    argument: string;
    /** The resolver's page size when the argument is absent or null. */
    default: number;
    /** The largest page the resolver accepts. */
    max: number;
    /**
     * The field of the result (through unions and fragments) that holds the items, e.g. 'results'; null
     * when the field's own value is the list of items (e.g. `ticks(limit)`).
     */
    items: string | null;
  };
}
