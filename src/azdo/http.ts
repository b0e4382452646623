import type { IHttpClientResponse, IRequestInfo } from 'typed-rest-client/Interfaces';
import { readText } from './body';
import type { ConnectionPool } from './connections';
import { AzdoError, fromStatus } from './errors';

/**
 * One organization's request pipeline. azure-devops-node-api builds a typed-rest-client HttpClient per area
 * client; `instrument` wraps the raw request of each so that every request to the organization, route
 * discovery included, goes through the same policy: a concurrency cap, Retry-After on 429, sign-in pages
 * recognised as such, and a redacted log line.
 */
export interface PipelineOptions {
  maxConcurrent: number;
  /** How many times a 429 is retried after waiting for Retry-After. */
  maxThrottleRetries?: number;
  /** Longest wait honoured for one Retry-After, in seconds. */
  maxRetryAfterSeconds?: number;
  log?: (line: string) => void;
  /** Told about every answer, for the account state (401 → token rejected). */
  onStatus?: (status: number) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Certificate authorities for HTTPS (all of them: they replace Node's defaults), when extra ones are configured. */
  ca?: string[];
  /** Keep-alive connections shared with other organizations' pipelines (see connections.ts). */
  connections?: ConnectionPool;
}

interface RawClient {
  requestRaw(info: IRequestInfo, data: string | NodeJS.ReadableStream): Promise<IHttpClientResponse>;
}

interface ApiWithClients {
  http: unknown;
  rest: { client: unknown };
}

/** RestClient's reading of an answer (status, errors, JSON), which it keeps private. */
interface ResponseReader {
  processResponse?(res: IHttpClientResponse, options?: { deserializeDates?: boolean; responseProcessor?: unknown }): Promise<unknown>;
  __azdoReader?: boolean;
}

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over without decrementing
      else this.active--;
    };
  }

  get inFlight(): number { return this.active; }
}

export class RequestPipeline {
  private readonly semaphore: Semaphore;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PipelineOptions) {
    this.semaphore = new Semaphore(Math.max(1, options.maxConcurrent));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Routes every request of a node-api area client (e.g. `new GitApi(...)`) through this pipeline. */
  instrument<T extends ApiWithClients>(api: T): T {
    this.wrap(api.http);
    this.wrap(api.rest.client);
    reuseParsedJson(api.rest as ResponseReader);
    return api;
  }

  private wrap(client: unknown): void {
    const raw = client as RawClient & { __azdoWrapped?: boolean };
    if (raw.__azdoWrapped) return;
    const original = raw.requestRaw.bind(raw);
    raw.requestRaw = (info, data) => this.send(original, info, data);
    raw.__azdoWrapped = true;
  }

  private async send(
    original: RawClient['requestRaw'],
    info: IRequestInfo,
    data: string | NodeJS.ReadableStream,
  ): Promise<IHttpClientResponse> {
    const method = info.options.method ?? 'GET';
    if (this.options.ca && info.parsedUrl.protocol === 'https:') {
      (info.options as { ca?: string[] }).ca = this.options.ca;
    }
    const where = `${method} ${info.parsedUrl.origin}${info.parsedUrl.pathname}`;
    // Said outright, the protocol spares agents (VS Code's proxy agent among them) from guessing it from a stack
    // trace of every request, which the extension host makes costly.
    info.options.protocol ??= info.parsedUrl.protocol;
    this.options.connections?.adopt(info);
    const release = await this.semaphore.acquire();
    try {
      const maxRetries = this.options.maxThrottleRetries ?? 2;
      const bodiless = data === null || data === undefined || data === '';
      for (let attempt = 0; ; attempt++) {
        const res = await this.sendWithReconnect(original, info, data, where, IDEMPOTENT.has(method) && bodiless);
        const status = res.message.statusCode ?? 0;
        this.options.onStatus?.(status);

        if (status === 203 && isHtml(res)) {
          await drain(res);
          throw fromStatus(203, where, { url: where });
        }
        if (method === 'OPTIONS' && status === 404) {
          // Route discovery failed: the organization or collection does not exist at this URL.
          await drain(res);
          throw new AzdoError('notFound', `${where}: not found (404)`, { statusCode: 404, url: where });
        }
        if (status >= 200 && status < 300 && /json/i.test(header(res, 'content-type') ?? '')) {
          await checkJsonBody(res, where);
        }
        if (status === 429 && attempt < maxRetries && (bodiless || typeof data === 'string')) {
          const waitSeconds = Math.min(retryAfterSeconds(res) ?? 2 ** attempt, this.options.maxRetryAfterSeconds ?? 60);
          this.options.log?.(`${where} throttled: waiting ${waitSeconds} s as Retry-After asks`);
          await drain(res);
          await this.sleep(waitSeconds * 1000);
          continue;
        }
        return res;
      }
    } finally {
      release();
    }
  }

  /**
   * Sends the request, logging its outcome. `resendable` (a read without a body): when the kept-alive connection it
   * went out on had just been closed by the server, it is sent again, once, on a new connection.
   */
  private async sendWithReconnect(
    original: RawClient['requestRaw'], info: IRequestInfo, data: string | NodeJS.ReadableStream, where: string, resendable: boolean,
  ): Promise<IHttpClientResponse> {
    for (let tries = 0; ; tries++) {
      const started = Date.now();
      try {
        const res = await original(info, data);
        this.options.log?.(`${where} → ${res.message.statusCode ?? 0} in ${Date.now() - started} ms`);
        return res;
      } catch (err) {
        this.options.log?.(`${where} failed after ${Date.now() - started} ms: ${(err as Error).message ?? String(err)}`);
        this.options.connections?.unlearn(info.options);
        if (tries > 0 || !resendable || !isReset(err)) throw err;
      }
    }
  }
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

function isReset(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function header(res: IHttpClientResponse, name: string): string | undefined {
  const value = res.message.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function isHtml(res: IHttpClientResponse): boolean {
  return /text\/html/i.test(header(res, 'content-type') ?? '');
}

export function retryAfterSeconds(res: IHttpClientResponse): number | undefined {
  const value = header(res, 'retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * node-api reads an unparseable JSON body as "no result", the same as a 404. Read JSON answers here (inside the
 * concurrency slot, so the slot covers the whole answer), and make a broken one an error of its own, so it is never
 * mistaken for "not found" or "empty". The body is handed on unchanged.
 */
async function checkJsonBody(res: IHttpClientResponse, where: string): Promise<void> {
  let body: string;
  try {
    body = await readText(res.message);
  } catch (err) {
    // A body that does not inflate (or inflates past any sensible size) is a broken answer; a stream that breaks
    // off is the network's failure and stays as it is.
    if (!isUnreadable(err)) throw err;
    throw new AzdoError('malformed', `${where}: the answer could not be read`, { statusCode: res.message.statusCode, cause: err, url: where });
  }
  res.readBody = () => Promise.resolve(body);
  if (body.trim().length === 0) return;
  try {
    parsedBodies.set(res, JSON.parse(body));
  } catch (err) {
    throw new AzdoError('malformed', `${where}: the answer could not be read`, { statusCode: res.message.statusCode, cause: err, url: where });
  }
}

function isUnreadable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code === 'ERR_BUFFER_TOO_LARGE');
}

/** JSON answers as checkJsonBody parsed them, for RestClient readings that can take them as they are. */
const parsedBodies = new WeakMap<IHttpClientResponse, unknown>();

/**
 * A RestClient's reading of a 2xx JSON answer takes the value the pipeline parsed instead of parsing the text again
 * (what typed-rest-client's processResponse would make of it: status, result, headers); anything else, and readings
 * that ask for date revival or a response processor, go to RestClient's own.
 */
function reuseParsedJson(rest: ResponseReader): void {
  const original = rest.processResponse?.bind(rest);
  if (!original || rest.__azdoReader) return;
  rest.processResponse = (res, options) => {
    const status = res.message.statusCode ?? 0;
    const parsed = status >= 200 && status < 300 && !options?.deserializeDates && !options?.responseProcessor ? parsedBodies.get(res) : undefined;
    return parsed === undefined ? original(res, options) : Promise.resolve({ statusCode: status, result: parsed, headers: res.message.headers });
  };
  rest.__azdoReader = true;
}

async function drain(res: IHttpClientResponse): Promise<void> {
  try {
    await res.readBody();
  } catch {
    // The body is not needed; a broken stream here changes nothing.
  }
}
