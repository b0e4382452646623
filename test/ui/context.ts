// The running workbench and emulator shared by the UI tests; test/host/runUi.ts sets it before mocha runs.
import type { RunningEmulator } from '../host/emulator';
import type { Workbench } from '../host/workbench';
import { WorkbenchDriver } from './driver';

export interface UiContext {
  workbench: Workbench;
  emulator: RunningEmulator;
  driver: WorkbenchDriver;
  /** Folder of docs screenshots (docs/images). */
  imagesDir: string;
  /** The folder open in the workbench (a git repository). */
  workspaceFolder: string;
}

let current: UiContext | undefined;

export function setUiContext(context: UiContext | undefined): void {
  current = context;
}

export function ui(): UiContext {
  if (!current) throw new Error('The UI tests run through test/host/runUi.ts (npm run test:ui), which starts the workbench.');
  return current;
}
