import { decodeBody } from './body';
import { packRepositories, repositoriesOf, unpackRepositories } from './repositoryInfo';
import type { RepositoryInfo } from './types';

/**
 * JSON answers a request asks to have read into the extension's own shape rather than parsed as they are, so that
 * a large one can be read on the reading thread (readingThread.ts, bodyWorker.ts): `repositories`, a list of
 * repositories as RepositoryInfo[] (null when the answer holds no list). Pure: used on both threads.
 */
export type ReadAs = 'repositories';

export interface ReadJob {
  /** The body as it came: gzipped when `gzip`. */
  bytes: Uint8Array;
  gzip: boolean;
  charset: BufferEncoding;
  as: ReadAs;
}

/** What the extension host sends the reading thread, and what comes back. */
export interface JobRequest { id: number; job: ReadJob }
export type JobAnswer =
  | { id: number; text: string }
  | { id: number; error: { name: string; message: string; code?: string } };

export const READ_AS: readonly ReadAs[] = ['repositories'];

/** On the calling thread: inflated, parsed and read. Throws when the body cannot be inflated or parsed. */
export function readAnswer(job: ReadJob): RepositoryInfo[] | null {
  return repositoriesOf(JSON.parse(decodeBody(job.bytes, job.gzip, job.charset)));
}

/** On the reading thread: inflated, parsed, read and packed as text for the trip back. */
export function packAnswer(job: ReadJob): string {
  return packRepositories(JSON.parse(decodeBody(job.bytes, job.gzip, job.charset)));
}

/** Back on the extension host: what readAnswer would have made of the body. */
export function unpackAnswer(_as: ReadAs, text: string): RepositoryInfo[] | null {
  return unpackRepositories(text);
}
