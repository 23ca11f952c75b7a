// The console's routes: every page is a deep link that the server answers with index.html.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { Layout } from './components/layout';
import { AssetsPage } from './pages/assets';
import { AutomationPage } from './pages/automation';
import { BackfillPage } from './pages/backfill';
import { BackfillsPage } from './pages/backfills';
import { ConcurrencyPage } from './pages/concurrency';
import { ConfigurationPage } from './pages/configuration';
import { JobPage } from './pages/job';
import { JobsPage } from './pages/jobs';
import { NotFoundPage } from './pages/not-found';
import { PoolPage } from './pages/pool';
import { RunPage } from './pages/run';
import { RunsPage } from './pages/runs';
import { SignInPage } from './pages/sign-in';
import './styles.css';

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Navigate to="/runs" replace /> },
      { path: '/runs', element: <RunsPage /> },
      { path: '/runs/:runId', element: <RunPage /> },
      { path: '/jobs', element: <JobsPage /> },
      { path: '/locations/:location/:repository/jobs/:job', element: <JobPage /> },
      { path: '/assets', element: <AssetsPage /> },
      { path: '/automation', element: <AutomationPage /> },
      { path: '/backfills', element: <BackfillsPage /> },
      { path: '/backfills/:backfillId', element: <BackfillPage /> },
      { path: '/deployment', element: <Navigate to="/deployment/concurrency" replace /> },
      { path: '/deployment/concurrency', element: <ConcurrencyPage /> },
      { path: '/deployment/concurrency/:pool', element: <PoolPage /> },
      { path: '/deployment/configuration', element: <ConfigurationPage /> },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
