// Times and durations as the console shows them. The API gives seconds since the epoch.

export function formatTime(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatDuration(start: number | null | undefined, end: number | null | undefined): string {
  if (start == null) return '—';
  const seconds = (end ?? Date.now() / 1000) - start;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}
