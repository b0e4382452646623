import * as assert from 'node:assert/strict';
import { legacyHosts, legacyRewrites, modernUrl } from '../../src/git/legacyRemotes';
import { isPermissionRefusal } from '../../src/git/pushRefusal';
import { azureRemotes, commitWebUrl, freeRemoteName, primaryAzureRemote } from '../../src/git/remotes';

const CLOUD = 'https://dev.azure.com';
const EMU = 'http://127.0.0.1:5123';

describe('legacy remote detection and rewriting', () => {
  const cases: [string, string, string | undefined][] = [
    ['legacy HTTPS', 'https://alpha.visualstudio.com/Web/_git/web-app', 'https://dev.azure.com/alpha/Web/_git/web-app'],
    ['legacy HTTPS with DefaultCollection and a user', 'https://alpha@alpha.visualstudio.com/DefaultCollection/Web/_git/web-app', 'https://dev.azure.com/alpha/Web/_git/web-app'],
    ['legacy HTTPS without project', 'https://alpha.visualstudio.com/_git/web-app', 'https://dev.azure.com/alpha/web-app/_git/web-app'],
    ['legacy HTTPS with spaces', 'https://alpha.visualstudio.com/Space%20Project/_git/Space%20Repo', 'https://dev.azure.com/alpha/Space%20Project/_git/Space%20Repo'],
    ['legacy SSH v3', 'alpha@vs-ssh.visualstudio.com:v3/alpha/Web/web-app', 'git@ssh.dev.azure.com:v3/alpha/Web/web-app'],
    ['old SSH _ssh form', 'ssh://alpha@vs-ssh.visualstudio.com:22/DefaultCollection/Web/_ssh/web-app', 'git@ssh.dev.azure.com:v3/alpha/Web/web-app'],
    ['modern HTTPS is left alone', 'https://dev.azure.com/alpha/Web/_git/web-app', undefined],
    ['modern SSH is left alone', 'git@ssh.dev.azure.com:v3/alpha/Web/web-app', undefined],
    ['a server is left alone', 'https://tfs.contoso.com/tfs/DefaultCollection/Web/_git/web-app', undefined],
    ['GitHub is left alone', 'https://github.com/microsoft/vscode.git', undefined],
    ['garbage is left alone', 'not a url', undefined],
  ];
  for (const [name, from, to] of cases) it(name, () => assert.equal(modernUrl(from, CLOUD), to));

  it('rewrites HTTPS under the configured service URL (an emulator), SSH to ssh.dev.azure.com', () => {
    assert.equal(modernUrl('https://alpha.visualstudio.com/Web/_git/web-app', EMU), `${EMU}/alpha/Web/_git/web-app`);
    assert.equal(modernUrl('git@vs-ssh.visualstudio.com:v3/alpha/Web/web-app', EMU), 'git@ssh.dev.azure.com:v3/alpha/Web/web-app');
  });

  it('lists fetch URLs, and push URLs only when set apart', () => {
    const rewrites = legacyRewrites([
      { name: 'origin', fetchUrl: 'https://alpha.visualstudio.com/Web/_git/web-app', pushUrl: 'https://alpha.visualstudio.com/Web/_git/web-app' },
      { name: 'mirror', fetchUrl: 'https://dev.azure.com/alpha/Web/_git/web-app', pushUrl: 'alpha@vs-ssh.visualstudio.com:v3/alpha/Web/web-app' },
      { name: 'github', fetchUrl: 'https://github.com/a/b.git', pushUrl: 'https://github.com/a/b.git' },
    ], CLOUD);
    assert.deepEqual(rewrites, [
      { remote: 'origin', key: 'url', from: 'https://alpha.visualstudio.com/Web/_git/web-app', to: 'https://dev.azure.com/alpha/Web/_git/web-app' },
      { remote: 'mirror', key: 'pushurl', from: 'alpha@vs-ssh.visualstudio.com:v3/alpha/Web/web-app', to: 'git@ssh.dev.azure.com:v3/alpha/Web/web-app' },
    ]);
    assert.deepEqual(legacyHosts(rewrites), ['alpha.visualstudio.com', 'vs-ssh.visualstudio.com']);
    assert.deepEqual(legacyRewrites([{ name: 'origin', fetchUrl: 'https://dev.azure.com/alpha/Web/_git/web-app' }], CLOUD), []);
  });
});

describe('Azure Repos remotes of a repository', () => {
  it('finds Azure remotes with their organization, key and web address; others are ignored', () => {
    const found = azureRemotes([
      { name: 'github', fetchUrl: 'https://github.com/a/b.git' },
      { name: 'upstream', fetchUrl: `${EMU}/alpha/Space%20Project/_git/Space%20Repo` },
      { name: 'origin', fetchUrl: 'https://alpha.visualstudio.com/Web/_git/web-app' },
      { name: 'server', fetchUrl: 'https://tfs.contoso.com/tfs/DefaultCollection/OnPrem/_git/repo' },
      { name: 'push-only', pushUrl: 'git@ssh.dev.azure.com:v3/beta/Mobile/ios' },
    ], EMU);
    assert.deepEqual(found.map((r) => [r.name, r.key, r.webUrl]), [
      ['upstream', `${EMU}/alpha`, `${EMU}/alpha/Space%20Project/_git/Space%20Repo`],
      ['origin', `${EMU}/alpha`, `${EMU}/alpha/Web/_git/web-app`],
      ['server', 'https://tfs.contoso.com/tfs/defaultcollection', 'https://tfs.contoso.com/tfs/DefaultCollection/OnPrem/_git/repo'],
      ['push-only', `${EMU}/beta`, `${EMU}/beta/Mobile/_git/ios`],
    ]);
    assert.equal(primaryAzureRemote(found)?.name, 'origin');
    assert.equal(primaryAzureRemote(found.filter((r) => r.name !== 'origin'))?.name, 'upstream');
    assert.equal(primaryAzureRemote(found.filter((r) => r.name === 'server'))?.name, 'server');
    assert.equal(primaryAzureRemote([]), undefined);
  });

  it('picks a free remote name and builds commit URLs', () => {
    assert.equal(freeRemoteName('fork', ['origin']), 'fork');
    assert.equal(freeRemoteName('fork', ['fork', 'fork-2']), 'fork-3');
    assert.equal(commitWebUrl('https://dev.azure.com/a/P/_git/r/', 'abc123'), 'https://dev.azure.com/a/P/_git/r/commit/abc123');
  });
});

describe('push refusals', () => {
  it('recognises the service\'s TF401027 refusal, 403 and git\'s permission errors; not authentication failures', () => {
    const stderr = "remote: TF401027: You need the Git 'GenericContribute' permission to perform this action. Details: identity 'Alice', scope 'repository'.\n"
      + "fatal: unable to access 'https://dev.azure.com/a/P/_git/r/': The requested URL returned error: 403\n";
    assert.equal(isPermissionRefusal({ gitErrorCode: 'CantAccessRemote', stderr }), true);
    assert.equal(isPermissionRefusal({ stderr: "fatal: unable to access 'x': The requested URL returned error: 403" }), true);
    assert.equal(isPermissionRefusal({ gitErrorCode: 'PermissionDenied', stderr: 'git@ssh: Permission denied (publickey).' }), true);
    assert.equal(isPermissionRefusal({ gitErrorCode: 'AuthenticationFailed', stderr: "fatal: Authentication failed for 'x'" }), false);
    assert.equal(isPermissionRefusal({ gitErrorCode: 'PushRejected', stderr: ' ! [rejected] main -> main (fetch first)\nerror: failed to push some refs to' }), false);
  });
});
