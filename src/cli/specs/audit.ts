// `tidepool audit`: declaration (src/cli/command-spec.ts); the action is commands/audit.ts.
import { command, CONFIG_OPTION, JSON_OPTION } from '../command-spec.js';

export const auditSpec = {
  name: 'audit',
  description: 'Show the newest entries of the audit log: who changed what, before and after.',
  options: {
    limit: { value: 'N', description: 'how many entries, newest first (default: 50)' },
    ...CONFIG_OPTION,
    ...JSON_OPTION,
  },
} as const;

export const auditCommand = command(auditSpec, () => import('../commands/audit.js').then((m) => m.audit));
