import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import type { Diagnosis } from '../auth/diagnosis';
import type { DiagnosisExplanation, NextStep } from '../ui/explain';

export interface ReportEntry {
  account: AccountRecord;
  diagnosis: Diagnosis;
  explanation: DiagnosisExplanation;
}

function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

/** Plain symbols (not emoji), so they render in every font. */
const ICON: Record<Diagnosis['severity'], string> = { ok: '✓', warning: '⚠', error: '✗' };

function accountText(a: AccountRecord): string {
  const user = a.user.uniqueName ? `${a.user.displayName} (${a.user.uniqueName})` : a.user.displayName;
  if (a.auth === 'microsoft' && a.microsoft) {
    const tenant = a.microsoft.tenant ? `, ${vscode.l10n.t('tenant {0}', a.microsoft.tenant)}` : '';
    return vscode.l10n.t('Microsoft account {0}{1}', md(a.microsoft.label), md(tenant));
  }
  const expires = a.tokenExpires ? `, ${vscode.l10n.t('expires {0}', a.tokenExpires)}` : '';
  return vscode.l10n.t('{0}: personal access token{1}', md(user), expires);
}

function stepText(step: NextStep, org: string): string | undefined {
  switch (step) {
    case 'enterToken': return vscode.l10n.t('run **Azure DevOps: Enter New Token** and choose {0}', md(org));
    case 'switchAccount': return vscode.l10n.t('run **Azure DevOps: Switch Account…** and choose {0}', md(org));
    case 'useToken': return vscode.l10n.t('run **Azure DevOps: Switch Account…**, choose {0} and "Personal Access Token…"', md(org));
    case 'otherMicrosoftAccount': return vscode.l10n.t('or sign in with another Microsoft account through **Azure DevOps: Switch Account…**');
    case 'retry': return vscode.l10n.t('run **Azure DevOps: Check Sign-in** again');
    default: return undefined;
  }
}

/**
 * The sign-in check as Markdown: a table of every organization (account, result), then one section per
 * organization that needs attention, with the cause and a link to the exact page that fixes it.
 */
export function renderSignInReport(entries: ReportEntry[], now: Date): string {
  const problems = entries.filter((e) => e.diagnosis.severity !== 'ok');
  const lines: string[] = [
    `# ${vscode.l10n.t('Azure DevOps sign-in check')}`,
    '',
    (entries.length === 1 ? vscode.l10n.t('Checked 1 organization on {0}.', now.toLocaleString()) : vscode.l10n.t('Checked {0} organizations on {1}.', entries.length, now.toLocaleString()))
      + ' ' + (problems.length === 0 ? vscode.l10n.t('Everything works.')
        : problems.length === 1 ? vscode.l10n.t('1 needs attention.') : vscode.l10n.t('{0} need attention.', problems.length)),
    '',
    `| | ${vscode.l10n.t('Organization')} | ${vscode.l10n.t('Account')} | ${vscode.l10n.t('Result')} |`,
    '| --- | --- | --- | --- |',
  ];
  for (const e of entries) {
    const hidden = e.account.hidden ? ` (${vscode.l10n.t('hidden')})` : '';
    lines.push(`| ${ICON[e.diagnosis.severity]} | [${md(e.account.name)}](${e.account.url})${hidden} | ${accountText(e.account)} | ${md(e.explanation.title)} |`);
  }
  for (const e of problems) {
    lines.push('', `## ${ICON[e.diagnosis.severity]} ${md(e.account.name)}: ${md(e.explanation.title)}`, '', md(e.explanation.message), '');
    const fixes: string[] = [];
    if (e.explanation.link) fixes.push(vscode.l10n.t('open [{0}]({1})', md(e.explanation.link.label), e.explanation.link.url));
    for (const step of e.explanation.steps) {
      const text = stepText(step, e.account.name);
      if (text) fixes.push(text);
    }
    if (fixes.length > 0) lines.push(`**${vscode.l10n.t('To fix it')}:** ${fixes.join(vscode.l10n.t(', then '))}.`);
  }
  lines.push('', '---', '', vscode.l10n.t('Tokens are never shown here. Personal access tokens for all organizations stop working on 1 December 2026: each organization needs its own token, or sign in with a Microsoft account.'));
  return lines.join('\n') + '\n';
}
