import * as vscode from 'vscode';
import type { ConnectionSettings } from './model/clients';

export const SECTION = 'azureDevOps';

export interface Settings extends ConnectionSettings {
  serviceUrl: string;
  profileServiceUrl: string;
  showStatusBar: boolean;
  /** Seconds between refreshes of the Pull Requests view while it is visible (0: never). */
  pullRequestRefreshSeconds: number;
}

function baseUrl(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return fallback;
  return value.trim().replace(/\/+$/, '');
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export function readSettings(version: string): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    serviceUrl: baseUrl(c.get('serviceUrl'), 'https://dev.azure.com'),
    profileServiceUrl: baseUrl(c.get('profileServiceUrl'), 'https://app.vssps.visualstudio.com'),
    timeoutSeconds: clamp(c.get('requestTimeout'), 1, 600, 30),
    maxConcurrent: Math.round(clamp(c.get('maxConcurrentRequests'), 1, 32, 4)),
    showStatusBar: c.get<boolean>('showStatusBar', true),
    pullRequestRefreshSeconds: Math.round(clamp(c.get('pullRequests.refreshInterval'), 0, 3600, 120)),
    userAgent: `azure-devops-vscode/${version} (VS Code ${vscode.version})`,
  };
}
