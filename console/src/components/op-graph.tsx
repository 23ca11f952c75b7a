// A job's ops drawn as a graph, left to right: each op in the column of its depth (its longest chain of
// upstream steps), an arrow from every upstream step, and its pool under its name. The same facts follow as
// a table, which is what screen readers and keyboards use.
import type { JobPageQuery } from '../generated/graphql';

type Job = Extract<JobPageQuery['pipelineOrError'], { __typename: 'Job' }>;
type Op = Job['solids'][number];

const WIDTH = 200;
const HEIGHT = 52;
const GAP_X = 56;
const GAP_Y = 16;

/** Each op's column and row; `solids` come upstream first, so an op's upstream steps are placed before it. */
function layout(ops: readonly Op[]): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  const rows: number[] = [];
  const places = new Map<string, { x: number; y: number }>();
  for (const op of ops) {
    const column = Math.max(-1, ...op.upstreamStepKeys.map((key) => depth.get(key) ?? -1)) + 1;
    depth.set(op.name, column);
    const row = rows[column] ?? 0;
    rows[column] = row + 1;
    places.set(op.name, { x: column * (WIDTH + GAP_X), y: row * (HEIGHT + GAP_Y) });
  }
  return places;
}

export function OpGraph({ job }: { job: Job }) {
  const places = layout(job.solids);
  const all = [...places.values()];
  const width = Math.max(0, ...all.map((place) => place.x)) + WIDTH + 2;
  const height = Math.max(0, ...all.map((place) => place.y)) + HEIGHT + 2;
  return (
    <>
      <div className="graph">
        <svg
          width={width}
          height={height}
          viewBox={`-1 -1 ${width} ${height}`}
          role="img"
          aria-label={`Ops of ${job.name} and their pools`}
        >
          <defs>
            <marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto">
              <path d="M0,0 L8,4 L0,8 z" className="arrowhead" />
            </marker>
          </defs>
          {job.solids.flatMap((op) =>
            op.upstreamStepKeys.map((key) => {
              const from = places.get(key);
              const to = places.get(op.name)!;
              if (!from) return null;
              const [x1, y1, x2, y2] = [from.x + WIDTH, from.y + HEIGHT / 2, to.x, to.y + HEIGHT / 2];
              const bend = GAP_X / 2;
              return (
                <path
                  key={`${key}->${op.name}`}
                  className="edge"
                  d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
                  markerEnd="url(#arrow)"
                />
              );
            }),
          )}
          {job.solids.map((op) => {
            const { x, y } = places.get(op.name)!;
            return (
              <g key={op.name} transform={`translate(${x},${y})`}>
                <rect width={WIDTH} height={HEIGHT} rx="6" className={op.pool ? 'op pooled' : 'op'} />
                <text x="10" y="21" className="op-name">
                  {op.name}
                </text>
                <text x="10" y="40" className="op-pool">
                  {op.pool ? `pool: ${op.pool}` : 'no pool'}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Op</th>
              <th scope="col">Pool</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {job.solids.map((op) => (
              <tr key={op.name} data-op={op.name}>
                <th scope="row" className="mono">
                  {op.name}
                </th>
                <td data-cell="pool">{op.pool ?? 'none'}</td>
                <td className="mono">{op.upstreamStepKeys.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
