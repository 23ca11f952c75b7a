// `tidepool serve --watch` (npm start): a change to the definitions file reloads the code location as the
// reloadRepositoryLocation mutation does, so every process serving it follows. The file's directory is
// watched, not the file: editors save by writing a new file and renaming it over the old one, which ends a
// watch on the file itself. Bursts of events (one save is often several) are folded into one reload.
// Only the definitions file is evaluated again on a reload (see definitions/code-location.ts).
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.js';
import type { CodeLocation } from '../definitions/index.js';
import { logger } from '../log/index.js';
import { reloadLocation } from './reload-location.js';

const DEBOUNCE_MS = 150;

export interface LocationWatcher {
  stop(): void;
}

export function watchLocation(db: Db, location: CodeLocation): LocationWatcher {
  const file = location.file;
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<unknown> = Promise.resolve();
  const reload = () => {
    reloading = reloading
      .then(() => reloadLocation(db, location, 'watch'))
      .catch((error: unknown) => logger().warn({ location: location.name, err: error }, 'a reload on a file change failed'));
  };
  const watcher: FSWatcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(reload, DEBOUNCE_MS);
  });
  watcher.on('error', (error) => logger().warn({ location: location.name, err: error }, 'watching the definitions file failed'));
  logger().info({ file }, `watching ${file}: a change reloads code location "${location.name}"`);
  return {
    stop() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
