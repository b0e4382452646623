import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTrue, readCredentialSetup } from '../../src/git/gitConfig';

describe('reading git\'s credential setup (real git, a temporary global config)', () => {
  let dir: string;
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, system: process.env.GIT_CONFIG_NOSYSTEM };
  const set = (...args: string[]) => execFileSync('git', ['config', '--global', ...args]);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-gitconfig-'));
    process.env.GIT_CONFIG_GLOBAL = path.join(dir, 'gitconfig');
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    fs.writeFileSync(process.env.GIT_CONFIG_GLOBAL, '');
  });
  afterEach(() => {
    for (const [key, value] of [['GIT_CONFIG_GLOBAL', saved.global], ['GIT_CONFIG_NOSYSTEM', saved.system]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports no helper and no useHttpPath on an empty configuration', async () => {
    assert.deepEqual(await readCredentialSetup('git', 'https://dev.azure.com'), { helpers: [], useHttpPathGlobal: undefined, useHttpPathEffective: undefined });
  });

  it('lists helpers in order, honours an empty value that resets the list, and reads useHttpPath for the host', async () => {
    set('--add', 'credential.helper', 'cache');
    set('--add', 'credential.helper', '');
    set('--add', 'credential.helper', 'store --file /tmp/x');
    set('credential.https://dev.azure.com.useHttpPath', 'true');
    const setup = await readCredentialSetup('git', 'https://dev.azure.com');
    assert.deepEqual(setup.helpers, ['store --file /tmp/x']);
    assert.equal(setup.useHttpPathGlobal, 'true');
    assert.equal(setup.useHttpPathEffective, 'true');
    assert.equal((await readCredentialSetup('git', 'https://other.example')).useHttpPathEffective, undefined, 'scoped to its host');
  });

  it('reads a host-wide credential.useHttpPath as in effect for the host too', async () => {
    set('credential.useHttpPath', 'yes');
    const setup = await readCredentialSetup('git', 'https://dev.azure.com');
    assert.equal(setup.useHttpPathGlobal, undefined);
    assert.ok(isTrue(setup.useHttpPathEffective));
  });
});
