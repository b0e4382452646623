import * as vscode from 'vscode';
import { features } from '../lazyFeatures';
import { describeForLog } from '../util/redact';
import type { CommandDeps } from './deps';
import { COMMAND_IDS, type CommandId } from './ids';

export { COMMAND_IDS, type CommandId } from './ids';

/**
 * Registers every command; each lives in its own file and gets its dependencies passed in. The implementations
 * are in dist/features.js, loaded when the first command runs (activation only registers the ids).
 */
export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const handlers = new Map<CommandId, (...args: unknown[]) => Promise<unknown>>();
  const handler = (id: CommandId) => {
    let h = handlers.get(id);
    if (!h) handlers.set(id, h = features().commandFactories[id](deps));
    return h;
  };
  return vscode.Disposable.from(...COMMAND_IDS.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => guard(deps, id, () => handler(id)(...args)))));
}

/** No command ends in an unhandled rejection: an unexpected failure is logged and explained. */
async function guard(deps: CommandDeps, id: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    deps.log.error(`Command ${id} failed`, err);
    const showLog = vscode.l10n.t('Show Log');
    const detail = describeForLog(err, deps.redactor).split(' <- ')[0];
    void deps.prompter().error(vscode.l10n.t('Azure DevOps: the command failed ({0}). The log has the details.', detail), showLog)
      .then((choice) => { if (choice === showLog) deps.showLog(); });
    return undefined;
  }
}
