// Runs once before all test files: make sure the migrated template database exists.
import { ensureTemplate } from './postgres.js';

export default async function setup(): Promise<void> {
  await ensureTemplate();
}
