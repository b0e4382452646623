import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AzdoClient } from '../../src/azdo/client';
import { AzdoError } from '../../src/azdo/errors';
import type { IdentityInfo, ImageType } from '../../src/azdo/identities';
import { AvatarService, type AvatarSource } from '../../src/git/avatars';
import type { Logger } from '../../src/log';
import { avatarPng } from '../emulator/avatar';
import { startEmulator, type RunningEmulator } from '../emulator/index';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

class Lines implements Logger {
  readonly lines: string[] = [];
  trace(m: string): void { this.lines.push(m); }
  debug(m: string): void { this.lines.push(m); }
  info(m: string): void { this.lines.push(m); }
  warn(m: string): void { this.lines.push(m); }
  error(m: string): void { this.lines.push(m); }
}

/** A stand-in organization that counts what it is asked. */
class FakeSource implements AvatarSource {
  lookups: string[] = [];
  downloads = 0;
  failWith?: Error;
  constructor(private readonly people: Record<string, Buffer | undefined>, private readonly type: ImageType = 'png') {}
  async findIdentityByEmail(email: string): Promise<IdentityInfo | undefined> {
    this.lookups.push(email);
    if (this.failWith) throw this.failWith;
    return email in this.people ? { id: email, displayName: email, mail: email } : undefined;
  }
  async getAvatar(identity: IdentityInfo, maxBytes: number): Promise<{ bytes: Buffer; type: ImageType } | undefined> {
    this.downloads++;
    const bytes = this.people[identity.id];
    return bytes && bytes.length <= maxBytes ? { bytes, type: this.type } : undefined;
  }
}

describe('AvatarService (files in a real temporary folder)', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'azdo-avatars-')); });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('writes one file per person, answers again from memory, and knows who has none', async () => {
    const source = new FakeSource({ 'alice@example.com': PNG, 'nopic@example.com': undefined });
    const service = new AvatarService({ dir, log: new Lines() });
    const first = await service.resolve('org', source, ['Alice@Example.com', 'alice@example.com', 'nopic@example.com', 'stranger@example.com', 'not-an-email']);
    const file = first.get('alice@example.com');
    assert.ok(file && file.startsWith(dir) && file.endsWith('.png'));
    assert.deepEqual(await fs.readFile(file), PNG);
    assert.equal(first.get('nopic@example.com'), undefined);
    assert.equal(first.get('stranger@example.com'), undefined);
    assert.equal(first.has('not-an-email'), false);
    assert.deepEqual(source.lookups.sort(), ['alice@example.com', 'nopic@example.com', 'stranger@example.com']);
    const again = await service.resolve('org', source, ['alice@example.com', 'stranger@example.com']);
    assert.equal(again.get('alice@example.com'), file);
    assert.equal(source.lookups.length, 3, 'the second round is answered from memory');
    // Another organization is another cache entry (and another file).
    const other = await service.resolve('other-org', source, ['alice@example.com']);
    assert.notEqual(other.get('alice@example.com'), file);
  });

  it('reuses a fresh file after a restart without asking the service, and refetches a stale one', async () => {
    let now = Date.now();
    const source = new FakeSource({ 'a@example.com': PNG });
    const file = (await new AvatarService({ dir, log: new Lines(), now: () => now }).resolve('org', source, ['a@example.com'])).get('a@example.com');
    assert.equal(source.lookups.length, 1);
    await new AvatarService({ dir, log: new Lines(), now: () => now }).resolve('org', source, ['a@example.com']);
    assert.equal(source.lookups.length, 1, 'a file of today is reused');
    now += 25 * 60 * 60 * 1000;
    const later = await new AvatarService({ dir, log: new Lines(), now: () => now }).resolve('org', source, ['a@example.com']);
    assert.equal(source.lookups.length, 2, 'a day-old file is fetched again');
    assert.equal(later.get('a@example.com'), file);
  });

  it('refuses pictures larger than the limit and keeps at most maxFiles files', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(2000)]);
    const people: Record<string, Buffer> = { 'big@example.com': big };
    for (let i = 0; i < 6; i++) people[`p${i}@example.com`] = PNG;
    const service = new AvatarService({ dir, log: new Lines(), maxBytes: 1000, maxFiles: 3 });
    const result = await service.resolve('org', new FakeSource(people), Object.keys(people));
    assert.equal(result.get('big@example.com'), undefined);
    await service.prune();
    assert.equal((await fs.readdir(dir)).length, 3);
  });

  it('stops asking an organization whose token may not read identities, and never throws', async () => {
    const log = new Lines();
    const source = new FakeSource({ 'a@example.com': PNG });
    source.failWith = new AzdoError('forbidden', 'Looking up an identity: access denied (403)', { statusCode: 403 });
    const service = new AvatarService({ dir, log });
    assert.equal((await service.resolve('org', source, ['a@example.com'])).get('a@example.com'), undefined);
    assert.equal((await service.resolve('org', source, ['b@example.com'])).get('b@example.com'), undefined);
    assert.deepEqual(source.lookups, ['a@example.com'], 'the organization is left alone after a refusal');
    assert.ok(log.lines.some((l) => /Identity \(Read\)/.test(l)));
    assert.ok(!log.lines.some((l) => l.includes('a@example.com')), 'emails stay out of the log');
  });
});

describe('AzdoClient identities, pictures and forks (real HTTP to the emulator)', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  const client = (token: string, statuses: number[] = []) => new AzdoClient(`${emu.url}/alpha`, { kind: 'pat', token }, {
    timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', onStatus: (s) => statuses.push(s),
  });

  before(async () => { emu = await startEmulator({ seed: path.join(__dirname, '..', 'emulator', 'seeds', 'test.json') }); });
  after(async () => emu.close());

  it('finds an author by email through the IMS location on vssps and downloads their picture', async () => {
    const c = client(emu.tokens['alpha-only']!);
    const bob = await c.findIdentityByEmail('BOB@example.com');
    assert.equal(bob?.displayName, 'Bob Builder');
    assert.match(bob?.subjectDescriptor ?? '', /^aad\./);
    const picture = await c.getAvatar(bob!, 256 * 1024);
    assert.equal(picture?.type, 'png');
    assert.deepEqual(picture?.bytes, avatarPng(bob!.id, 'Bob Builder'));
    assert.equal(await c.findIdentityByEmail('nobody@example.com'), undefined);
    assert.equal(await c.getAvatar(bob!, 10), undefined, 'a picture over the limit is dropped');
    const log = emu.control.getLog().entries.map((e) => `${e.listener} ${e.path}`);
    assert.ok(log.some((l) => l === 'vssps /alpha/_apis/identities'), log.join('\n'));
  });

  it('a token that may not read identities is refused without marking the token rejected', async () => {
    const statuses: number[] = [];
    const c = client(emu.tokens['code-read-only']!, statuses);
    await assert.rejects(c.findIdentityByEmail('bob@example.com'), (err: unknown) => err instanceof AzdoError && err.kind === 'forbidden');
    const unknown = client('not-a-token', statuses);
    await assert.rejects(unknown.getAvatar({ id: 'x', subjectDescriptor: 'aad.x', displayName: 'x' }, 1000), (err: unknown) => err instanceof AzdoError && err.kind === 'unauthorized');
    assert.deepEqual(statuses.filter((s) => s === 401 || s === 403), [], 'best-effort requests do not report to the account state');
  });

  it('lists forks and creates one with its parent', async () => {
    const c = client(emu.tokens['alpha-only']!);
    const parent = await c.getRepository('web-app', 'Web');
    assert.ok(parent);
    assert.deepEqual((await c.listForks(parent)).map((f) => f.name), ['web-app-fork']);
    const tools = (await c.listProjects()).find((p) => p.name === 'Tools')!;
    const fork = await c.createFork(parent, tools.id, 'web-app-unit');
    assert.equal(fork.isFork, true);
    assert.equal(fork.parentName, 'Web/web-app');
    assert.equal(fork.projectName, 'Tools');
    assert.deepEqual((await c.listForks(parent)).map((f) => f.name).sort(), ['web-app-fork', 'web-app-unit']);
    await assert.rejects(c.createFork(parent, tools.id, 'web-app-unit'), (err: unknown) => err instanceof AzdoError && err.kind === 'conflict');
    assert.equal(await c.getRepository('no-such-repo', 'Web'), undefined);
  });
});
