// Types of run-config-value.js (plain JavaScript so the parser's worker thread can load it).

export interface RunConfigLimits {
  /** Largest run config, in bytes of its text or of its JSON. */
  maxRunConfigBytes: number;
  /** Deepest nesting of a run config (a scalar at the root is depth 0). */
  maxRunConfigDepth: number;
}

export function tooLargeMessage(maxBytes: number): string;
export function tooDeepMessage(maxDepth: number): string;
export function badStringMessage(text: string): string | null;
export function checkRunConfigValue(value: unknown, limits: RunConfigLimits, from: { parsed: boolean }): string | null;
