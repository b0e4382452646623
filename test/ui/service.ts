// What the emulator serves, read over its public REST API, so the UI tests expect exactly what the service lists.
import type { RunningEmulator } from '../host/emulator';

interface Named {
  name: string;
}

async function get<T>(emulator: RunningEmulator, url: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Basic ${Buffer.from(`:${emulator.pat}`).toString('base64')}` } });
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
  return await res.json() as T;
}

/** Project names of an organization, as the service sorts them (by name). */
export async function projectsOf(emulator: RunningEmulator, organization: string): Promise<string[]> {
  const body = await get<{ value: Named[] }>(emulator, `${emulator.url}/${organization}/_apis/projects?api-version=7.1`);
  return body.value.map((p) => p.name).sort((a, b) => a.localeCompare(b));
}

/** Repository names of a project. */
export async function repositoriesOf(emulator: RunningEmulator, organization: string, project: string): Promise<string[]> {
  const body = await get<{ value: Named[] }>(emulator,
    `${emulator.url}/${organization}/${encodeURIComponent(project)}/_apis/git/repositories?api-version=7.1`);
  return body.value.map((r) => r.name).sort((a, b) => a.localeCompare(b));
}
