import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { tokenSettingsUrl } from '../azdo/organizationUrl';
import type { Logger } from '../log';
import { isOneOf, WEBVIEW_STEPS, type StepButton, type WebviewStep } from '../webviews/shared/protocol';
import { stepLabel, type NextStep } from './explain';

export interface StepDeps {
  openExternal(url: string): Thenable<unknown>;
  /** Opens the settings at a query; without it VS Code's command is used. */
  openSettings?(query: string): Thenable<unknown>;
}

/**
 * Carries out a next step the user chose on a failure message. Resolves true when the failed operation should be
 * tried again: "retry", or a new token entered through "Enter Token Again". Steps that need the caller (switching
 * account, Microsoft sign-in) are not here.
 */
export async function runStep(deps: StepDeps, step: NextStep, account: AccountRecord | undefined, settingsQuery = 'azureDevOps'): Promise<boolean> {
  switch (step) {
    case 'retry': return true;
    case 'enterToken': return (await vscode.commands.executeCommand('azureDevOps.replaceToken', account?.key)) === true;
    case 'createToken': if (account) await deps.openExternal(tokenSettingsUrl(account)); return false;
    case 'showLog': await vscode.commands.executeCommand('azureDevOps.showLog'); return false;
    case 'openSettings':
      await (deps.openSettings ? deps.openSettings(settingsQuery) : vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery));
      return false;
    default: return false;
  }
}

/** The next steps of an explanation that a webview can offer as buttons, with their labels. */
export function stepButtons(steps: readonly NextStep[]): StepButton[] {
  return steps.filter((s): s is WebviewStep => isOneOf(s, WEBVIEW_STEPS)).map((step) => ({ step, label: stepLabel(step) }));
}

/** The next steps a webview offers now: only those are carried out when the page asks for one. */
export class OfferedSteps {
  private offered = new Set<WebviewStep>();

  constructor(private readonly log: Logger, private readonly page: string) {}

  /** Offers the steps (those a webview can show) and returns their buttons; replaces what was offered. */
  offer(steps: readonly NextStep[]): StepButton[] {
    const buttons = stepButtons(steps);
    this.offered = new Set(buttons.map((b) => b.step));
    return buttons;
  }

  clear(): void {
    this.offered.clear();
  }

  /** True when the step was on offer (the offer is then used up); an unoffered step is logged and refused. */
  take(step: WebviewStep): boolean {
    if (!this.offered.has(step)) {
      this.log.warn(`${this.page}: ignored the step "${step}", which the page was not offering`);
      return false;
    }
    this.offered.clear();
    return true;
  }
}
