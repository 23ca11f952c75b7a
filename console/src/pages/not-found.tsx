import { Link } from 'react-router';
import { usePageTitle } from '../components/page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        The console has no page here. <Link to="/runs">See the runs</Link>.
      </p>
    </>
  );
}
