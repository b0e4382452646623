import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { WEBVIEW_STEPS, type StepButton } from '../webviews/shared/protocol';
import { stepLabel, type NextStep } from './explain';

/** Carries out a next step the user chose on a failure message (steps that need the caller, like retry, are not here). */
export async function runStep(deps: { openExternal(url: string): Thenable<unknown> }, step: NextStep, account: AccountRecord | undefined): Promise<void> {
  if (step === 'enterToken') await vscode.commands.executeCommand('azureDevOps.replaceToken', account?.key);
  else if (step === 'createToken' && account) await deps.openExternal(`${account.url}/_usersSettings/tokens`);
  else if (step === 'showLog') await vscode.commands.executeCommand('azureDevOps.showLog');
  else if (step === 'openSettings') await vscode.commands.executeCommand('workbench.action.openSettings', 'azureDevOps');
}

/** The next steps of an explanation that a webview can offer as buttons, with their labels. */
export function stepButtons(steps: readonly NextStep[]): StepButton[] {
  return steps.filter((s): s is StepButton['step'] => (WEBVIEW_STEPS as readonly string[]).includes(s)).map((step) => ({ step, label: stepLabel(step) }));
}
