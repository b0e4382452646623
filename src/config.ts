import * as vscode from 'vscode';
import type { ConnectionSettings } from './model/clients';

export const SECTION = 'azureDevOps';

export interface Settings extends ConnectionSettings {
  serviceUrl: string;
  profileServiceUrl: string;
  showStatusBar: boolean;
}

function baseUrl(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return fallback;
  return value.trim().replace(/\/+$/, '');
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** VS Code's own network settings, which the extension follows: http.proxy, http.noProxy, http.proxyStrictSSL. */
function networkSettings(): Pick<Settings, 'proxy' | 'strictSSL'> {
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = (http.get<string>('proxy') ?? '').trim() || process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy || '';
  let proxy: Settings['proxy'];
  if (/^https?:\/\//i.test(proxyUrl)) {
    const fromEnv = (process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(',');
    proxy = { url: proxyUrl, bypass: [...(http.get<string[]>('noProxy') ?? []), ...fromEnv].filter((e) => e.trim()) };
  }
  return { proxy, strictSSL: http.get<boolean>('proxyStrictSSL', true) };
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
    userAgent: `azure-devops-vscode/${version} (VS Code ${vscode.version})`,
  };
}
