// Assets of the loaded code location with their pools (the guide's "verify the pool in the details pane"),
// each materialized from here when the caller may.
import { useState } from 'react';
import { usePermission } from '../api/use-permission';
import { useQuery } from '../api/use-query';
import { LaunchDialog } from '../components/launch-dialog';
import { usePageTitle } from '../components/page-title';
import { Pools } from '../components/pools';
import { Empty, ErrorState, Loading } from '../components/states';
import { AssetsPageDocument } from '../generated/graphql';

export function AssetsPage() {
  usePageTitle('Assets');
  const query = useQuery(AssetsPageDocument, {});
  const mayLaunch = usePermission('launch_pipeline_execution');
  const [launching, setLaunching] = useState<string[]>();
  if (query.error) return <ErrorState error={query.error} what="assets" />;
  if (!query.data) return <Loading what="assets" />;
  const assets = query.data.assetNodes;
  return (
    <>
      <h1>Assets</h1>
      {assets.length === 0 ? (
        <Empty>No assets: the server runs without definitions, or they define none.</Empty>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Group</th>
                <th scope="col">Ops</th>
                <th scope="col">Pools</th>
                <th scope="col">Jobs</th>
                {mayLaunch ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {assets.map((asset) => (
                <tr key={asset.id} data-asset={asset.assetKey.path.join('/')}>
                  <th scope="row" className="mono">
                    {asset.assetKey.path.join('/')}
                  </th>
                  <td>{asset.groupName}</td>
                  <td className="mono">{asset.opNames.join(', ')}</td>
                  <td data-cell="pools">
                    <Pools pools={asset.pools} />
                  </td>
                  <td>{asset.jobNames.join(', ')}</td>
                  {mayLaunch ? (
                    <td>
                      <button
                        type="button"
                        onClick={() => setLaunching(asset.assetKey.path)}
                        aria-label={`Materialize ${asset.assetKey.path.join('/')}`}
                      >
                        Materialize
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {launching ? (
        <LaunchDialog
          title={`Materialize ${launching.join('/')}`}
          selector={{ jobName: '__ASSET_JOB', assetSelection: [{ path: launching }] }}
          onClose={() => setLaunching(undefined)}
        />
      ) : null}
    </>
  );
}
