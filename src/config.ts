import * as vscode from 'vscode';
import type { ConnectionSettings } from './model/clients';

export const SECTION = 'azureDevOps';

export interface Settings extends ConnectionSettings {
  serviceUrl: string;
  profileServiceUrl: string;
  showStatusBar: boolean;
  /** How repositories are cloned and published remotes are added. */
  cloneProtocol: 'https' | 'ssh';
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

/**
 * VS Code's network settings. Proxies (http.proxy, http.noProxy, PAC, proxy authentication) are applied by VS Code
 * itself to every request of the extension host, so the extension does not configure one of its own (two proxy
 * layers break each other). It does follow http.proxyStrictSSL, and adds the company certificate authorities that
 * Node tools are given through NODE_EXTRA_CA_CERTS and those named in azureDevOps.extraCertificates.
 */
function networkSettings(): Pick<Settings, 'strictSSL' | 'extraCertificates'> {
  const http = vscode.workspace.getConfiguration('http');
  const files = [process.env.NODE_EXTRA_CA_CERTS, ...vscode.workspace.getConfiguration(SECTION).get<string[]>('extraCertificates', [])]
    .filter((f): f is string => typeof f === 'string' && f.trim().length > 0);
  return { strictSSL: http.get<boolean>('proxyStrictSSL', true), extraCertificates: files };
}

export function readSettings(version: string): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    ...networkSettings(),
    serviceUrl: baseUrl(c.get('serviceUrl'), 'https://dev.azure.com'),
    profileServiceUrl: baseUrl(c.get('profileServiceUrl'), 'https://app.vssps.visualstudio.com'),
    timeoutSeconds: clamp(c.get('requestTimeout'), 1, 600, 30),
    maxConcurrent: Math.round(clamp(c.get('maxConcurrentRequests'), 1, 32, 4)),
    showStatusBar: c.get<boolean>('showStatusBar', true),
    cloneProtocol: c.get<string>('clone.protocol') === 'ssh' ? 'ssh' : 'https',
    pullRequestRefreshSeconds: Math.round(clamp(c.get('pullRequests.refreshInterval'), 0, 3600, 120)),
    userAgent: `azure-devops-vscode/${version} (VS Code ${vscode.version})`,
  };
}
