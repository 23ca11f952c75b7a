// Each page names itself in the window title, so tabs and history entries say where they lead.
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Tidepool`;
  }, [title]);
}
