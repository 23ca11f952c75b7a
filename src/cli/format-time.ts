// Times as the CLI prints them for people: UTC, to the second (JSON output keeps full ISO strings).
export function formatTime(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
