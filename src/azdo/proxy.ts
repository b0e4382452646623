import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';

/** typed-rest-client's proxy options from a proxy URL (credentials in the URL become proxy credentials). */
export function proxyOptions(proxy: { url: string; bypass?: string[] }): IRequestOptions['proxy'] {
  const parsed = new URL(proxy.url);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    proxyUrl: parsed.toString().replace(/\/$/, ''),
    proxyUsername: username || undefined,
    proxyPassword: password || undefined,
    proxyBypassHosts: (proxy.bypass ?? []).map(bypassPattern).filter((p): p is string => p !== undefined),
  };
}

/** An http.noProxy entry (`localhost`, `.contoso.com`, `*.contoso.com`, `10.0.0.1:8080`) as a regex on the URL. */
export function bypassPattern(entry: string): string | undefined {
  const trimmed = entry.trim().toLowerCase();
  if (!trimmed) return undefined;
  if (trimmed === '*') return '.*';
  const [host, port] = trimmed.replace(/^\*?\./, '.').split(/:(?=\d+$)/);
  const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const hostPart = host.startsWith('.') ? `([^/:@]*)${escaped}` : escaped;
  return `^[a-z]+://([^/@]*@)?${hostPart}${port ? `:${port}` : '(:\\d+)?'}(/|$)`;
}
