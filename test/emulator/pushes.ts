/** POST .../pushes: commits built with git plumbing in a temporary index, then an atomic ref update. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Ctx } from './context';
import { isRecord, str } from './context';
import { git, ZERO_SHA, type CommitInfo } from './gitstore';
import { badRequest, errorReply, json, type Reply } from './reply';
import type { PushRecord, Repo, TokenRecord } from './state';
import { identityRef, repoApiUrl, repoJson } from './views';
import { isoSeconds } from './util';

class PushFailure extends Error {
  constructor(readonly reply: Reply) {
    super('push failed');
  }
}

const fail = (message: string, typeKey = 'InvalidArgumentValueException'): never => {
  throw new PushFailure(badRequest(message, typeKey));
};

type ChangeKind = 'add' | 'edit' | 'delete' | 'rename';

interface Change { kind: Set<ChangeKind>; path: string; source?: string; content?: Buffer }

/** Built-in texts for `newContentTemplate` (the service writes its own templates). */
const TEMPLATES: Record<string, string> = {
  'gitignore/node.gitignore': 'node_modules/\nnpm-debug.log*\ndist/\n.env\n',
  'gitignore/visualstudio.gitignore': '.vs/\n[Bb]in/\n[Oo]bj/\n*.user\n*.suo\n',
  'gitignore/python.gitignore': '__pycache__/\n*.py[cod]\n.venv/\nbuild/\ndist/\n',
  'readme/readme.md': '# Introduction\nTODO: Give a short introduction of your project.\n',
};

function parseChangeType(v: unknown): Set<ChangeKind> {
  const kinds = new Set<ChangeKind>();
  if (typeof v === 'number') {
    if (v & 1) kinds.add('add');
    if (v & 2) kinds.add('edit');
    if (v & 8) kinds.add('rename');
    if (v & 16) kinds.add('delete');
  } else if (typeof v === 'string') {
    for (const part of v.split(',').map((s) => s.trim().toLowerCase())) {
      if (part === 'add' || part === 'edit' || part === 'delete' || part === 'rename') kinds.add(part);
    }
  }
  if (kinds.size === 0) fail(`The change type '${String(v)}' is not supported.`);
  return kinds;
}

function cleanPath(p: unknown): string {
  const s = str(p)?.replace(/^\/+/, '') ?? '';
  if (!s || s.split('/').some((part) => part === '' || part === '.' || part === '..' || part === '.git')) fail(`The path '${String(p)}' is not valid.`);
  return s;
}

function parseChange(raw: unknown): Change {
  if (!isRecord(raw)) return fail('A change must be an object.');
  const kind = parseChangeType(raw.changeType);
  const item = isRecord(raw.item) ? raw.item : {};
  const change: Change = { kind, path: cleanPath(item.path) };
  if (raw.sourceServerItem !== undefined) change.source = cleanPath(raw.sourceServerItem);
  if (isRecord(raw.newContent)) {
    const content = str(raw.newContent.content) ?? '';
    const type = raw.newContent.contentType;
    const base64 = type === 1 || (typeof type === 'string' && type.toLowerCase() === 'base64encoded');
    change.content = Buffer.from(content, base64 ? 'base64' : 'utf8');
  } else if (isRecord(raw.newContentTemplate)) {
    const key = `${str(raw.newContentTemplate.type) ?? ''}/${str(raw.newContentTemplate.name) ?? ''}`.toLowerCase();
    const text = TEMPLATES[key];
    if (text === undefined) fail(`The template '${key}' was not found.`);
    change.content = Buffer.from(text ?? '', 'utf8');
  }
  if ((kind.has('add') || kind.has('edit')) && change.content === undefined) fail(`The ${[...kind].join(', ')} change of '/${change.path}' has no content.`);
  if (kind.has('rename') && !change.source) fail(`The rename of '/${change.path}' needs sourceServerItem.`);
  return change;
}

function ident(raw: unknown, fallback: { name: string; email: string }, now: Date): { name: string; email: string; date: string } {
  const r = isRecord(raw) ? raw : {};
  const date = str(r.date) ? new Date(str(r.date) ?? '') : now;
  return { name: str(r.name) ?? fallback.name, email: str(r.email) ?? fallback.email, date: isoSeconds(Number.isNaN(date.getTime()) ? now : date) };
}

async function writeCommit(dir: string, parent: string | undefined, raw: Record<string, unknown>, token: TokenRecord): Promise<string> {
  const changes = Array.isArray(raw.changes) ? raw.changes.map(parseChange) : [];
  if (changes.length === 0) fail('A commit must contain at least one change.');
  const tmp = path.join(os.tmpdir(), `azdo-emu-index-${randomBytes(6).toString('hex')}`);
  const env = { GIT_INDEX_FILE: tmp };
  try {
    // The tree starts from the commit's first parent: the one it names, else the ref's current commit.
    const base = Array.isArray(raw.parents) && typeof raw.parents[0] === 'string' ? raw.parents[0] : parent;
    await git(base ? ['read-tree', base] : ['read-tree', '--empty'], { cwd: dir, env });
    const files = new Set((await git(['ls-files', '-z'], { cwd: dir, env })).toString('utf8').split('\0').filter(Boolean));
    for (const c of changes) {
      if (c.kind.has('rename') && c.source) {
        if (!files.has(c.source)) fail(`TF401174: The item '/${c.source}' could not be found in the repository.`, 'GitItemNotFoundException');
        const blob = (await git(['rev-parse', `:${c.source}`], { cwd: dir, env })).toString('utf8').trim();
        await git(['update-index', '--force-remove', '--', c.source], { cwd: dir, env });
        files.delete(c.source);
        if (c.content === undefined) await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${c.path}`], { cwd: dir, env });
        files.add(c.path);
      }
      if (c.kind.has('delete')) {
        if (!files.has(c.path)) fail(`TF401174: The item '/${c.path}' could not be found in the repository.`, 'GitItemNotFoundException');
        await git(['update-index', '--force-remove', '--', c.path], { cwd: dir, env });
        files.delete(c.path);
        continue;
      }
      if (c.kind.has('add') && files.has(c.path)) fail(`TF402455: The path '/${c.path}' specified in the add operation already exists. Please specify a new path.`, 'GitPathAlreadyExistsException');
      if (c.kind.has('edit') && !c.kind.has('rename') && !files.has(c.path)) fail(`TF401174: The item '/${c.path}' could not be found in the repository.`, 'GitItemNotFoundException');
      if (c.content !== undefined) {
        const blob = (await git(['hash-object', '-w', '--stdin'], { cwd: dir, input: c.content })).toString('utf8').trim();
        await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${c.path}`], { cwd: dir, env });
        files.add(c.path);
      }
    }
    const tree = (await git(['write-tree'], { cwd: dir, env })).toString('utf8').trim();
    const now = new Date();
    const me = { name: token.user.displayName, email: token.user.email };
    const author = ident(raw.author, me, now);
    const committer = ident(raw.committer, me, now);
    const comment = str(raw.comment) ?? '';
    const parents = Array.isArray(raw.parents) && raw.parents.length > 0 ? raw.parents.filter((p): p is string => typeof p === 'string') : parent ? [parent] : [];
    const out = await git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], {
      cwd: dir, input: comment.endsWith('\n') ? comment : `${comment}\n`,
      env: {
        GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: author.date,
        GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email, GIT_COMMITTER_DATE: committer.date,
      },
    });
    return out.toString('utf8').trim();
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

export function commitJson(ctx: Ctx, repo: Repo, c: CommitInfo): Record<string, unknown> {
  return { treeId: c.treeId, commitId: c.commitId, author: c.author, committer: c.committer, comment: c.comment, parents: c.parents, url: `${repoApiUrl(ctx.urls, repo)}/commits/${c.commitId}` };
}

export function pushJson(ctx: Ctx, repo: Repo, push: PushRecord): Record<string, unknown> {
  const api = repoApiUrl(ctx.urls, repo);
  return {
    refUpdates: push.refUpdates.map((u) => ({ repositoryId: repo.id, ...u })),
    repository: repoJson(ctx.urls, repo),
    pushedBy: identityRef(ctx.urls, repo.project.host, push.user),
    pushId: push.pushId, date: push.date, url: `${api}/pushes/${push.pushId}`,
    _links: {
      self: { href: `${api}/pushes/${push.pushId}` }, repository: { href: api },
      commits: { href: `${api}/pushes/${push.pushId}/commits` },
      pusher: { href: `${ctx.urls.vssps}/_apis/Identities/${push.user.id}` },
      refs: { href: `${api}/refs/${push.refUpdates[0]?.name ?? ''}` },
    },
  };
}

/** Creates the commits of a push and moves the ref; answers 201 with the GitPush. */
export async function createPush(ctx: Ctx, repo: Repo, token: TokenRecord, body: unknown): Promise<Reply> {
  if (!isRecord(body) || !Array.isArray(body.refUpdates) || !Array.isArray(body.commits)) {
    return badRequest('The push must contain refUpdates and commits.', 'ArgumentNullException');
  }
  const update = body.refUpdates[0];
  if (body.refUpdates.length !== 1 || !isRecord(update) || !str(update.name)?.startsWith('refs/')) {
    return badRequest('A push must update exactly one ref (refs/...).');
  }
  const refName = str(update.name) ?? '';
  const expectedOld = (str(update.oldObjectId) ?? ZERO_SHA).toLowerCase();
  try {
    return await ctx.store.writes.run(repo.id, async () => {
      const dir = await ctx.store.ensure(repo);
      const current = (await ctx.store.refs(repo)).find((r) => r.name === refName)?.objectId ?? ZERO_SHA;
      if (current !== expectedOld) {
        return errorReply(409, `TF401028: The reference '${refName}' has already been updated by another client, so you cannot update it. Please try again.`,
          'GitReferenceStaleException', 'Microsoft.TeamFoundation.Git.Server');
      }
      let parent = current === ZERO_SHA ? undefined : current;
      const created: string[] = [];
      for (const raw of body.commits as unknown[]) {
        if (!isRecord(raw)) fail('A commit must be an object.');
        parent = await writeCommit(dir, parent, raw as Record<string, unknown>, token);
        created.push(parent);
      }
      if (!parent || created.length === 0) return badRequest('A push must contain at least one commit.');
      await git(['update-ref', refName, parent, current], { cwd: dir });
      const push: PushRecord = {
        pushId: repo.nextPushId++, date: new Date().toISOString(), user: token.user,
        refUpdates: [{ name: refName, oldObjectId: current, newObjectId: parent }], commitIds: created,
      };
      repo.pushes.push(push);
      if (!repo.defaultBranch && refName.startsWith('refs/heads/')) {
        repo.defaultBranch = refName;
        await git(['symbolic-ref', 'HEAD', refName], { cwd: dir });
      }
      repo.size = await ctx.store.measure(dir);
      const commits: Record<string, unknown>[] = [];
      for (const id of created) commits.push(commitJson(ctx, repo, await ctx.store.commit(repo, id)));
      return json(201, { commits, ...pushJson(ctx, repo, push) });
    });
  } catch (e) {
    if (e instanceof PushFailure) return e.reply;
    throw e;
  }
}
