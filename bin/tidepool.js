#!/usr/bin/env node
// The `tidepool` command. Tidepool ships TypeScript sources (and loads TypeScript definitions), so the
// CLI runs them through tsx's loader rather than a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
