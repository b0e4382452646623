/** Git smart HTTP through the real git-http-backend (CGI), behind the service's Basic authentication. */
import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { realmOf } from './api';
import { authenticate, hasCodeScope, mayAccess } from './auth';
import { bodyStream, type Ctx, type Incoming } from './context';
import { gitEnv } from './gitstore';
import { contributeDeniedMessage, json, type Reply } from './reply';
import type { Host, Repo } from './state';
import { collectionRef, hostUrl, repoJson } from './views';

export const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

const text = (status: number, body: string, headers: Record<string, string | string[]> = {}): Reply =>
  ({ status, raw: body, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/**
 * `{host}/{project}/_git/{repo}/...` and `{host}/_git/{repo}/...` (repository named like its project),
 * including the `_optimized` and `_full` variants and `vsts/info`.
 */
export async function gitHttp(ctx: Ctx, inc: Incoming, res: ServerResponse, host: Host, projectName: string | undefined, segs: string[]): Promise<Reply | 'streamed'> {
  let rest = segs;
  if (rest[0] === '_optimized' || rest[0] === '_full') rest = rest.slice(1);
  const repoName = rest[0] ?? '';
  const tail = rest.slice(1).join('/');
  const service = inc.query.get('service');
  const write = tail === 'git-receive-pack' || service === 'git-receive-pack';
  const outcome = authenticate(ctx.state, inc.req.headers.authorization);
  if (!('token' in outcome) || !mayAccess(ctx.state, outcome.token, host)) {
    return text(401, 'TF400813: The user is not authorized to access this resource.', {
      'www-authenticate': host.kind === 'cloud'
        ? ['Bearer authorization_uri=https://login.microsoftonline.com/common', `Basic realm="${realmOf(inc)}"`]
        : [`Basic realm="${realmOf(inc)}"`],
    });
  }
  const token = outcome.token;
  const project = ctx.state.findProject(host, projectName ?? repoName);
  const repo = project?.repos.find((r) => r.name.toLowerCase() === repoName.toLowerCase() || r.id.toLowerCase() === repoName.toLowerCase());
  if (!project || !repo || repo.isDisabled) {
    return text(404, `TF401019: The Git repository with name or identifier ${repoName} does not exist or you do not have permissions for the operation you are attempting.`);
  }
  if (!hasCodeScope(token, write)) {
    return text(403, `TF401027: You need the Git '${write ? 'GenericContribute' : 'GenericRead'}' permission to perform this action. Details: identity '${token.user.displayName}', scope 'repository'.`);
  }
  if (write && !ctx.state.mayContribute(repo, token.user)) {
    // What the service answers a push without the Contribute permission; git shows it as "remote: TF401027: ...".
    return text(403, contributeDeniedMessage(token.user.displayName));
  }
  if (tail.toLowerCase() === 'vsts/info' && inc.method === 'GET') {
    return json(200, {
      serverUrl: hostUrl(ctx.urls, host), collection: collectionRef(ctx.urls, host), repository: repoJson(ctx.urls, repo),
    });
  }
  if (!/^(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+)$/.test(tail)) {
    return text(404, 'Not found');
  }
  const emptyBefore = !repo.defaultBranch;
  await ctx.store.ensure(repo);
  // The REST view is updated before the push response ends, so a client sees it once git returns.
  const after = tail === 'git-receive-pack' ? () => afterReceivePack(ctx, repo, emptyBefore) : async () => undefined;
  await runBackend(ctx, inc, res, repo, tail, token.user.email, after);
  return 'streamed';
}

/** After a push over HTTP: the first branch of an empty repository becomes its default branch; size. */
async function afterReceivePack(ctx: Ctx, repo: Repo, emptyBefore: boolean): Promise<void> {
  const heads = (await ctx.store.refs(repo)).filter((r) => r.name.startsWith('refs/heads/'));
  if (repo.defaultBranch && !heads.some((h) => h.name === repo.defaultBranch)) repo.defaultBranch = undefined;
  if ((emptyBefore || !repo.defaultBranch) && heads.length > 0) {
    const preferred = heads.find((h) => h.name === 'refs/heads/main') ?? heads.find((h) => h.name === 'refs/heads/master') ?? heads[0];
    if (preferred) {
      repo.defaultBranch = preferred.name;
      await ctx.store.setHead(repo, preferred.name);
    }
  }
  repo.size = await ctx.store.measure(ctx.store.dir(repo));
}

function runBackend(ctx: Ctx, inc: Incoming, res: ServerResponse, repo: Repo, tail: string, user: string, beforeEnd: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const protocol = inc.req.headers['git-protocol'];
    const env = gitEnv({
      GIT_PROJECT_ROOT: ctx.store.projectRoot, GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${ctx.store.relativePath(repo)}/${tail}`, REQUEST_METHOD: inc.method,
      QUERY_STRING: new URL(inc.href).search.replace(/^\?/, ''), CONTENT_TYPE: inc.req.headers['content-type'] ?? '',
      REMOTE_USER: user, REMOTE_ADDR: inc.req.socket.remoteAddress ?? '127.0.0.1', SERVER_PROTOCOL: 'HTTP/1.1',
      GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
      ...(typeof protocol === 'string' ? { GIT_PROTOCOL: protocol, HTTP_GIT_PROTOCOL: protocol } : {}),
    });
    const child = spawn(HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let head = Buffer.alloc(0);
    let headersDone = false;
    const stderr: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        if (!res.write(chunk)) {
          child.stdout.pause();
          res.once('drain', () => child.stdout.resume());
        }
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0) return;
      const sepLen = end === crlf ? 4 : 2;
      const lines = head.subarray(0, end).toString('latin1').split(/\r?\n/);
      let status = 200;
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = parseInt(value, 10) || 200;
        else res.setHeader(key, value);
      }
      headersDone = true;
      res.writeHead(status);
      const body = head.subarray(end + sepLen);
      if (body.length > 0) res.write(body);
    });
    child.on('error', () => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('git-http-backend failed to start');
      resolve();
    });
    child.on('close', (code) => {
      if (!headersDone) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git-http-backend exited with ${String(code)}: ${Buffer.concat(stderr).toString('utf8')}`);
        resolve();
        return;
      }
      beforeEnd().catch(() => undefined).finally(() => {
        res.end();
        resolve();
      });
    });
    child.stdin.on('error', () => undefined);
    const body = bodyStream(inc.req);
    body.on('error', () => child.stdin.destroy());
    body.pipe(child.stdin);
  });
}
