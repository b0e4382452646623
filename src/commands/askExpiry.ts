import * as vscode from 'vscode';
import { EXPIRY_CHOICES_DAYS, expiryAfterDays, validateExpiryInput } from '../auth/expiry';
import type { CommandDeps } from './deps';

/**
 * Asks when a new token expires (Azure DevOps shows it when the token is created; the token itself cannot tell).
 * Offers 7, 30, 90, 180 and 365 days from today, a date, or "I don't know"; Escape means "I don't know", so
 * nothing the user did before is lost. Returns the expiry day (`YYYY-MM-DD`) or undefined.
 */
export async function askExpiry(deps: CommandDeps, organization: string): Promise<string | undefined> {
  const now = new Date();
  type Choice = { kind: 'days'; days: number } | { kind: 'date' } | { kind: 'unknown' };
  const items: { label: string; description?: string; detail?: string; value: Choice }[] = EXPIRY_CHOICES_DAYS.map((days) => ({
    label: days === 1 ? vscode.l10n.t('1 day') : vscode.l10n.t('{0} days', days),
    description: vscode.l10n.t('until {0}', expiryAfterDays(days, now)),
    value: { kind: 'days', days },
  }));
  items.push(
    { label: vscode.l10n.t('On a date…'), description: vscode.l10n.t('type the expiry date'), value: { kind: 'date' } },
    { label: vscode.l10n.t('I don\'t know'), description: vscode.l10n.t('no reminder'), value: { kind: 'unknown' } },
  );
  const choice = await deps.prompter().pick(items, {
    title: vscode.l10n.t('When does the token for {0} expire?', organization),
    placeholder: vscode.l10n.t('The lifetime you chose when you created the token; the status bar reminds you 7 days ahead'),
  });
  if (!choice || choice.kind === 'unknown') return undefined;
  if (choice.kind === 'days') return expiryAfterDays(choice.days, now);
  const typed = await deps.prompter().input({
    title: vscode.l10n.t('Expiry Date of the Token for {0}', organization),
    prompt: vscode.l10n.t('The day the token expires, as YYYY-MM-DD'),
    placeholder: expiryAfterDays(30, now),
    validate: (value) => {
      const checked = validateExpiryInput(value, new Date());
      return checked.ok ? undefined : checked.message;
    },
  });
  if (typed === undefined) return undefined;
  const checked = validateExpiryInput(typed, new Date());
  return checked.ok ? checked.expires : undefined;
}
