import * as path from 'node:path';
import type { StateStore } from '../auth/accountStore';
import { RouteCache, type RouteCacheOptions } from '../azdo/routeCache';
import type { Logger } from '../log';
import { FileSnapshotStore, type SnapshotStore } from './snapshotStore';

/** Global-state key of the remembered route tables. */
export const ROUTES_KEY = 'azureDevOps.routes.v1';

/** How long route-table changes are gathered before one write to global state (out of the way of the loads). */
const ROUTES_WRITE_DELAY_MS = 3000;

export interface Caches {
  routes: RouteCache;
  /** Undefined when the extension has no storage folder on disk (nothing is kept then). */
  snapshots?: SnapshotStore;
  /** Directory of the snapshot files, when there is one. */
  snapshotDir?: string;
  /** Writes route-table changes not written yet (a reload does this through dispose). */
  flush(): Promise<void>;
  dispose(): void;
}

/**
 * What survives a window reload besides accounts: the route tables of the service (global state, written in
 * batches) and each organization's last loaded content (files under `storageDir`/catalog).
 */
export function openCaches(options: { state: StateStore; storageDir?: string; log: Logger; routeOptions?: RouteCacheOptions }): Caches {
  const { state, log } = options;
  const routes = new RouteCache({ ...options.routeOptions, load: () => state.get<unknown>(ROUTES_KEY) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = (): Promise<void> => {
    timer = undefined;
    return Promise.resolve(state.update(ROUTES_KEY, routes.serialize())).catch((err: unknown) => log.warn(`Could not remember the service's routes: ${String(err)}`));
  };
  const subscription = routes.onDidChange(() => {
    timer ??= setTimeout(() => void write(), ROUTES_WRITE_DELAY_MS);
  });
  const flush = async (): Promise<void> => {
    if (!timer) return;
    clearTimeout(timer);
    await write();
  };
  const snapshotDir = options.storageDir ? path.join(options.storageDir, 'catalog') : undefined;
  return {
    routes,
    snapshotDir,
    snapshots: snapshotDir ? new FileSnapshotStore(snapshotDir) : undefined,
    flush,
    dispose: () => {
      subscription.dispose();
      void flush();
      routes.dispose();
    },
  };
}
