import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ProjectInfo, RepositoryInfo } from '../azdo/types';

/**
 * The last projects and repositories loaded for an organization, kept on disk so that the tree can show them at
 * once after a window reload (marked stale and refreshed in the background). Nothing secret is in it: names, ids,
 * clone and web URLs (which carry no credentials).
 */
export interface OrganizationSnapshot {
  version: 1;
  /** The organization key (AccountStore key). */
  key: string;
  /** Whose view of the organization this is: a snapshot of another user is not shown. */
  userId: string;
  /** Epoch ms of the load it records. */
  loadedAt: number;
  projects: ProjectInfo[];
  repositories: RepositoryInfo[];
  projectsFromRepositories: boolean;
}

/** Where snapshots live: a directory in the extension's global storage, or a temp dir in tests and the bench. */
export interface SnapshotStore {
  read(key: string): Promise<OrganizationSnapshot | undefined>;
  write(snapshot: OrganizationSnapshot): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every snapshot except those of `keys` (organizations signed out here or in another window). */
  retainOnly(keys: Iterable<string>): Promise<void>;
}

/** One JSON file per organization (named by a hash of its key), written atomically (temp file + rename). */
export class FileSnapshotStore implements SnapshotStore {
  private writes = 0;

  constructor(readonly directory: string) {}

  fileOf(key: string): string {
    return path.join(this.directory, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }

  async read(key: string): Promise<OrganizationSnapshot | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    const snapshot = parseSnapshot(text);
    return snapshot?.key === key ? snapshot : undefined;
  }

  async write(snapshot: OrganizationSnapshot): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });
    const file = this.fileOf(snapshot.key);
    const temp = `${file}.${process.pid}.${++this.writes}.tmp`;
    try {
      await fs.writeFile(temp, JSON.stringify(snapshot), 'utf8');
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.fileOf(key), { force: true });
  }

  async retainOnly(keys: Iterable<string>): Promise<void> {
    const keep = new Set([...keys].map((key) => path.basename(this.fileOf(key))));
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch {
      return;
    }
    await Promise.all(names.filter((name) => name.endsWith('.json') && !keep.has(name)).map((name) => fs.rm(path.join(this.directory, name), { force: true })));
  }
}

/** A snapshot from JSON, or undefined when it is not one (corrupt, another version). */
export function parseSnapshot(text: string): OrganizationSnapshot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<OrganizationSnapshot>;
  if (v.version !== 1 || typeof v.key !== 'string' || typeof v.userId !== 'string' || typeof v.loadedAt !== 'number') return undefined;
  if (!Array.isArray(v.projects) || !Array.isArray(v.repositories) || typeof v.projectsFromRepositories !== 'boolean') return undefined;
  const projects = v.projects.filter((p): p is ProjectInfo => typeof p?.id === 'string' && typeof p.name === 'string');
  const repositories = v.repositories.filter((r): r is RepositoryInfo =>
    typeof r?.id === 'string' && typeof r.name === 'string' && typeof r.projectId === 'string');
  return { version: 1, key: v.key, userId: v.userId, loadedAt: v.loadedAt, projects, repositories, projectsFromRepositories: v.projectsFromRepositories };
}
