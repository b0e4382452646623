import * as assert from 'assert';
import fc from 'fast-check';
import { AzureRemote, isOtherGitHost, parseRemoteUrl, toHttpsUrl, toSshUrl } from '../../src/azdo/remoteUrl';
import { validateCollectionName, validateProjectName, validateRepositoryName } from '../../src/azdo/validation';

const FF = 'Fabrikam Fiber';

function svc(organization: string, project: string, repository: string, extra: Partial<AzureRemote> = {}): AzureRemote {
  return { kind: 'services', protocol: 'https', organization, project, repository, legacy: false, ...extra };
}

function srv(serverUrl: string | undefined, organization: string, project: string, repository: string, protocol: 'https' | 'ssh' = 'https'): AzureRemote {
  const remote: AzureRemote = { kind: 'server', protocol, organization, project, repository, legacy: false };
  if (serverUrl !== undefined) remote.serverUrl = serverUrl;
  return remote;
}

const legacyHttps = { legacy: true };
const ssh = { protocol: 'ssh' as const };
const legacySsh = { protocol: 'ssh' as const, legacy: true };

const accepted: [string, AzureRemote][] = [
  // dev.azure.com
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web')],
  ['https://fabrikam@dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web')],
  ['https://user:p%40ss@dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/_git/Web', svc('fabrikam', 'Web', 'Web')],
  ['https://DEV.Azure.COM/fabrikam/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web')],
  ['http://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web')],
  ['  https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web \n', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam Fiber/_git/Web', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web/', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web.git', svc('fabrikam', FF, 'Web.git')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/_optimized/Web', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/_full/Web', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/_git/_full/Web', svc('fabrikam', 'Web', 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_GIT/Web', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web?path=/a.md&version=GBmain', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web?path=%2Fdocs%2Fa.md&version=GBmain&_a=contents', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web/pullrequest/12', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web/pullrequests?_a=mine', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web/commit/abc123def', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web#L12', svc('fabrikam', FF, 'Web')],
  ['https://dev.azure.com/fabrikam/Proj%C3%A9t/_git/D%C3%A9p%C3%B4t', svc('fabrikam', 'Projét', 'Dépôt')],
  ['https://dev.azure.com/fabrikam/日本/_git/リポジトリ', svc('fabrikam', '日本', 'リポジトリ')],
  ['https://dev.azure.com/fabrikam/a%2Bb/_git/c%26d', svc('fabrikam', 'a+b', 'c&d')],
  // {org}.visualstudio.com
  ['https://fabrikam.visualstudio.com/DefaultCollection/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web', legacyHttps)],
  ['https://fabrikam.visualstudio.com/defaultcollection/Fabrikam%20Fiber/_git/_full/Web', svc('fabrikam', FF, 'Web', legacyHttps)],
  ['https://fabrikam.visualstudio.com/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web', legacyHttps)],
  ['https://fabrikam.visualstudio.com/_git/Web', svc('fabrikam', 'Web', 'Web', legacyHttps)],
  ['https://fabrikam.visualstudio.com/DefaultCollection/_git/Web', svc('fabrikam', 'Web', 'Web', legacyHttps)],
  ['https://fabrikam@fabrikam.visualstudio.com/Fabrikam%20Fiber/_git/Web/pullrequest/3', svc('fabrikam', FF, 'Web', legacyHttps)],
  ['https://Fabrikam.VisualStudio.com/Fabrikam%20Fiber/_git/Web', svc('fabrikam', FF, 'Web', legacyHttps)],
  // SSH
  ['git@ssh.dev.azure.com:v3/fabrikam/Fabrikam%20Fiber/Web', svc('fabrikam', FF, 'Web', ssh)],
  ['git@SSH.dev.azure.com:v3/fabrikam/Fabrikam%20Fiber/Web', svc('fabrikam', FF, 'Web', ssh)],
  ['git@ssh.dev.azure.com:v3/fabrikam/Fabrikam%20Fiber/Web.git', svc('fabrikam', FF, 'Web.git', ssh)],
  ['ssh://git@ssh.dev.azure.com/v3/fabrikam/Fabrikam%20Fiber/Web', svc('fabrikam', FF, 'Web', ssh)],
  ['ssh://git@ssh.dev.azure.com:22/v3/fabrikam/Fabrikam%20Fiber/Web', svc('fabrikam', FF, 'Web', ssh)],
  ['git@vs-ssh.visualstudio.com:v3/fabrikam/Fabrikam%20Fiber/Web', svc('fabrikam', FF, 'Web', legacySsh)],
  ['fabrikam@vs-ssh.visualstudio.com:v3/fabrikam/Fabrikam%20Fiber/Web', svc('fabrikam', FF, 'Web', legacySsh)],
  ['ssh://fabrikam@vs-ssh.visualstudio.com:22/DefaultCollection/Fabrikam%20Fiber/_ssh/Web', svc('fabrikam', FF, 'Web', legacySsh)],
  ['ssh://fabrikam@vs-ssh.visualstudio.com:22/Fabrikam%20Fiber/_ssh/Web', svc('fabrikam', FF, 'Web', legacySsh)],
  ['ssh://fabrikam@vs-ssh.visualstudio.com:22/_ssh/Web', svc('fabrikam', 'Web', 'Web', legacySsh)],
  // Azure DevOps Server over HTTP(S)
  ['https://tfs.contoso.com/tfs/DefaultCollection/Fabrikam%20Fiber/_git/Web', srv('https://tfs.contoso.com/tfs', 'DefaultCollection', FF, 'Web')],
  ['https://tfs.contoso.com:8443/tfs/DefaultCollection/Fabrikam%20Fiber/_git/Web', srv('https://tfs.contoso.com:8443/tfs', 'DefaultCollection', FF, 'Web')],
  ['https://tfs.contoso.com:443/tfs/DefaultCollection/P/_git/Web', srv('https://tfs.contoso.com/tfs', 'DefaultCollection', 'P', 'Web')],
  ['http://tfs:8080/tfs/DefaultCollection/Project/_git/Repo', srv('http://tfs:8080/tfs', 'DefaultCollection', 'Project', 'Repo')],
  ['https://TFS.Contoso.com/TFS/Fabrikam/P/_git/Web', srv('https://tfs.contoso.com/TFS', 'Fabrikam', 'P', 'Web')],
  ['https://tfs.contoso.com/DefaultCollection/P/_git/Web', srv('https://tfs.contoso.com', 'DefaultCollection', 'P', 'Web')],
  ['https://tfs.contoso.com/tfs/DefaultCollection/_git/Web', srv('https://tfs.contoso.com/tfs', 'DefaultCollection', 'Web', 'Web')],
  ['https://tfs.contoso.com/Fabrikam/_git/Web', srv('https://tfs.contoso.com', 'Fabrikam', 'Web', 'Web')],
  ['https://tfs.contoso.com/azdo/Fabrikam/P/_git/Web', srv('https://tfs.contoso.com/azdo', 'Fabrikam', 'P', 'Web')],
  ['https://domain%5Cme@tfs.contoso.com/tfs/My%20Collection/P/_git/_optimized/Web/pullrequest/3', srv('https://tfs.contoso.com/tfs', 'My Collection', 'P', 'Web')],
  ['https://10.0.0.5:8080/tfs/DefaultCollection/P/_git/Web?path=/x', srv('https://10.0.0.5:8080/tfs', 'DefaultCollection', 'P', 'Web')],
  ['https://dev.azure.com.example.org/o/p/_git/r', srv('https://dev.azure.com.example.org', 'o', 'p', 'r')],
  // Azure DevOps Server over SSH
  ['ssh://tfs.contoso.com:22/tfs/DefaultCollection/Fabrikam%20Fiber/_git/Web', srv(undefined, 'DefaultCollection', FF, 'Web', 'ssh')],
  ['ssh://tfs.contoso.com:22/DefaultCollection/P/_git/Web', srv(undefined, 'DefaultCollection', 'P', 'Web', 'ssh')],
  ['ssh://tfs.contoso.com:22/tfs/DefaultCollection/P/_ssh/Web', srv(undefined, 'DefaultCollection', 'P', 'Web', 'ssh')],
  ['ssh://tfs.contoso.com/tfs/DefaultCollection/_git/Web', srv(undefined, 'DefaultCollection', 'Web', 'Web', 'ssh')],
];

const rejected: string[] = [
  '', '   ', 'not a url', 'Web', '/home/me/repo', '../repo', 'C:\\repos\\web', 'https://', 'https:///_git/x',
  'https://github.com/owner/repo.git', 'git@github.com:owner/repo.git', 'https://gitlab.com/group/_git/repo',
  'ssh://git@github.com/owner/_git/repo', 'https://bitbucket.org/a/b/_git/c',
  'https://dev.azure.com', 'https://dev.azure.com/fabrikam', 'https://dev.azure.com/fabrikam/',
  'https://dev.azure.com/fabrikam/Fabrikam%20Fiber', 'https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git',
  'https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/', 'https://dev.azure.com/fabrikam/P/_git/_optimized',
  'https://dev.azure.com/_git/Web', 'https://dev.azure.com/fabrikam/a/b/_git/Web',
  'https://dev.azure.com/fabrikam/P/_git/W%zz', 'https://dev.azure.com/fabrikam/P%E0%A4%A/_git/Web',
  'ftp://dev.azure.com/fabrikam/P/_git/Web', 'file:///C:/repos/web', 'git://dev.azure.com/o/p/_git/r',
  'https://fabrikam.visualstudio.com', 'https://fabrikam.visualstudio.com/a/b/_git/Web',
  'https://app.vssps.visualstudio.com/_git/Web', 'https://vs-ssh.visualstudio.com/_git/Web',
  'https://ssh.dev.azure.com/v3/o/p/r', 'https://vssps.dev.azure.com/o/p/_git/r',
  'git@ssh.dev.azure.com:v3/fabrikam/P', 'git@ssh.dev.azure.com:v3/fabrikam/P/Web/extra', 'git@ssh.dev.azure.com:fabrikam/P/Web',
  'git@ssh.dev.azure.com:v2/fabrikam/P/Web', 'git@tfs.contoso.com:v3/o/p/r',
  'ssh://vs-ssh.visualstudio.com:22/P/_ssh/Web', 'ssh://git@ssh.dev.azure.com/v3/o/p',
  'https://tfs.contoso.com/tfs/_git/Web', 'https://tfs.contoso.com/_git/Web', 'https://tfs.contoso.com/a/b/c/d/_git/Web',
  'https://tfs.contoso.com/tfs/DefaultCollection/P', 'https://tfs.contoso.com/tfs/DefaultCollection', 'ssh://tfs.contoso.com:22/tfs/_git/Web',
];

describe('remoteUrl.parseRemoteUrl', () => {
  for (const [url, expected] of accepted) {
    it(`parses ${JSON.stringify(url)}`, () => {
      assert.deepStrictEqual(parseRemoteUrl(url), expected);
    });
  }
  for (const url of rejected) {
    it(`rejects ${JSON.stringify(url)}`, () => {
      assert.strictEqual(parseRemoteUrl(url), undefined);
    });
  }

  it('returns undefined for values that are not strings', () => {
    assert.strictEqual(parseRemoteUrl(undefined as unknown as string), undefined);
    assert.strictEqual(parseRemoteUrl(42 as unknown as string), undefined);
  });

  it('treats a configured service URL like dev.azure.com', () => {
    const emulator = 'http://127.0.0.1:5000';
    const url = 'http://127.0.0.1:5000/org/Fabrikam%20Fiber/_git/Web/pullrequest/1';
    assert.deepStrictEqual(parseRemoteUrl(url, { serviceUrls: [emulator] }), svc('org', FF, 'Web'));
    assert.deepStrictEqual(parseRemoteUrl('http://127.0.0.1:5000/org/_git/Web', { serviceUrls: ['http://127.0.0.1:5000/'] }), svc('org', 'Web', 'Web'));
    // Without the option the same URL is an Azure DevOps Server collection.
    assert.deepStrictEqual(parseRemoteUrl(url), srv('http://127.0.0.1:5000', 'org', FF, 'Web'));
  });

  it('matches a configured service URL with a path, and only that origin', () => {
    const options = { serviceUrls: ['not a url', 'http://localhost:5000/AzDO'] };
    assert.deepStrictEqual(parseRemoteUrl('http://localhost:5000/azdo/org/P/_git/R', options), svc('org', 'P', 'R'));
    assert.deepStrictEqual(parseRemoteUrl('https://localhost:5000/azdo/org/P/_git/R', options), srv('https://localhost:5000/azdo', 'org', 'P', 'R'));
    assert.deepStrictEqual(parseRemoteUrl('http://localhost:5001/azdo/org/P/_git/R', options), srv('http://localhost:5001/azdo', 'org', 'P', 'R'));
    assert.deepStrictEqual(parseRemoteUrl('https://dev.azure.com/o/p/_git/r', options), svc('o', 'p', 'r'));
  });

  it('knows the other git hosts', () => {
    assert.strictEqual(isOtherGitHost('GitHub.com'), true);
    assert.strictEqual(isOtherGitHost('bitbucket.org'), true);
    assert.strictEqual(isOtherGitHost('dev.azure.com'), false);
    assert.strictEqual(isOtherGitHost('tfs.contoso.com'), false);
  });
});

describe('remoteUrl.toHttpsUrl and toSshUrl', () => {
  it('builds the canonical HTTPS URL with encoded names', () => {
    assert.strictEqual(toHttpsUrl(svc('fabrikam', FF, 'Web')), 'https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web');
    assert.strictEqual(toHttpsUrl(svc('fabrikam', 'Projét', 'a+b&c')), 'https://dev.azure.com/fabrikam/Proj%C3%A9t/_git/a%2Bb%26c');
    assert.strictEqual(toHttpsUrl(svc('fabrikam', FF, 'Web', legacySsh)), 'https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web');
  });

  it('uses a configured service URL, ignoring trailing slashes', () => {
    assert.strictEqual(toHttpsUrl(svc('org', FF, 'Web'), { serviceUrl: 'http://127.0.0.1:5000/' }), 'http://127.0.0.1:5000/org/Fabrikam%20Fiber/_git/Web');
    assert.strictEqual(toHttpsUrl(svc('org', 'P', 'R'), {}), 'https://dev.azure.com/org/P/_git/R');
  });

  it('builds server URLs from serverUrl, and refuses a server remote without one', () => {
    assert.strictEqual(toHttpsUrl(srv('https://tfs.contoso.com/tfs', 'My Collection', FF, 'Web')), 'https://tfs.contoso.com/tfs/My%20Collection/Fabrikam%20Fiber/_git/Web');
    assert.strictEqual(toHttpsUrl(srv('http://tfs:8080/', 'C', 'P', 'R')), 'http://tfs:8080/C/P/_git/R');
    assert.throws(() => toHttpsUrl(srv(undefined, 'C', 'P', 'R', 'ssh')), /SSH/);
    assert.throws(() => toSshUrl(srv(undefined, 'C', 'P', 'R', 'ssh')), /server URL/);
  });

  it('builds SSH URLs', () => {
    assert.strictEqual(toSshUrl(svc('fabrikam', FF, 'Web')), 'git@ssh.dev.azure.com:v3/fabrikam/Fabrikam%20Fiber/Web');
    assert.strictEqual(toSshUrl(srv('https://tfs.contoso.com:8443/tfs', 'DefaultCollection', FF, 'Web')), 'ssh://tfs.contoso.com:22/tfs/DefaultCollection/Fabrikam%20Fiber/_git/Web');
    assert.strictEqual(toSshUrl(srv('https://tfs.contoso.com', 'C', 'P', 'R')), 'ssh://tfs.contoso.com:22/C/P/_git/R');
  });

  for (const [url, remote] of accepted) {
    it(`round-trips the canonical URL of ${JSON.stringify(url)}`, () => {
      if (remote.kind === 'server' && remote.serverUrl === undefined) {
        assert.throws(() => toHttpsUrl(remote));
        return;
      }
      const canonical = toHttpsUrl(remote);
      assert.ok(canonical.includes('/_git/'), canonical);
      assert.deepStrictEqual(parseRemoteUrl(canonical), { ...remote, protocol: 'https', legacy: false });
      const viaSsh = parseRemoteUrl(toSshUrl(remote));
      const { serverUrl: _dropped, ...withoutServerUrl } = remote;
      assert.deepStrictEqual(viaSsh, { ...withoutServerUrl, protocol: 'ssh', legacy: false });
    });
  }
});

// Arbitraries ------------------------------------------------------------------------------------------

const orgName = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/);
const pickedChars = [...'abcXYZ0189 -_.()!éüßжλ日本語€'];
const picked = fc.array(fc.constantFrom(...pickedChars), { minLength: 1, maxLength: 64 }).map((a) => a.join(''));
const bmpChar = fc.oneof(fc.integer({ min: 0x20, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xfffd })).map((c) => String.fromCharCode(c));
const bmp = fc.string({ unit: bmpChar, minLength: 1, maxLength: 40 });
const projectName = fc.oneof(picked, bmp).filter((n) => validateProjectName(n) === undefined);
const repositoryName = fc.oneof(picked, bmp).filter((n) => validateRepositoryName(n) === undefined);
const collectionName = fc.oneof(picked, bmp).filter((n) => validateCollectionName(n) === undefined && n.toLowerCase() !== 'tfs');
const serverUrl = fc.constantFrom('https://tfs.contoso.com/tfs', 'http://tfs:8080/tfs', 'https://ado.example.org', 'https://ado.example.org:8443/azdo', 'http://[::1]:8080/TFS');

const servicesRemote = fc.record({ organization: orgName, project: projectName, repository: repositoryName })
  .map(({ organization, project, repository }) => svc(organization, project, repository));
const serverRemote = fc.record({ url: serverUrl, collection: collectionName, project: projectName, repository: repositoryName })
  .map(({ url, collection, project, repository }) => srv(url, collection, project, repository));

const hardInputs = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(
    fc.constantFrom('https://dev.azure.com/', 'git@ssh.dev.azure.com:v3/', 'ssh://o@vs-ssh.visualstudio.com:22/', 'https://o.visualstudio.com/', 'https://tfs/tfs/', 'ssh://tfs/', 'http://'),
    fc.array(fc.oneof(fc.constantFrom('_git', '_ssh', '_full', 'tfs', 'DefaultCollection', 'v3', '%', '%zz', '..', ''), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 7 }),
  ).map(([prefix, parts]) => prefix + parts.join('/')),
);

describe('remoteUrl properties', () => {
  it('never throws, and returns a complete remote or undefined', () => {
    fc.assert(fc.property(hardInputs, (input) => {
      const remote = parseRemoteUrl(input, { serviceUrls: ['http://127.0.0.1:5000'] });
      if (remote === undefined) return;
      assert.ok(remote.organization.length > 0 && remote.project.length > 0 && remote.repository.length > 0);
      assert.ok(remote.kind === 'server' || remote.serverUrl === undefined);
    }), { numRuns: 2000 });
  });

  it('finds no repository in web URLs whose path has no _git segment', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true }), (url) => {
      const hasMarker = /\/_git(\/|$)/i.test(new URL(url).pathname);
      fc.pre(!hasMarker);
      assert.strictEqual(parseRemoteUrl(url), undefined);
    }), { numRuns: 500 });
  });

  it('round-trips canonical HTTPS and SSH URLs of valid Azure DevOps Services names', () => {
    fc.assert(fc.property(servicesRemote, (remote) => {
      assert.deepStrictEqual(parseRemoteUrl(toHttpsUrl(remote)), remote);
      assert.deepStrictEqual(parseRemoteUrl(toSshUrl(remote)), { ...remote, protocol: 'ssh' });
      const emulator = 'http://127.0.0.1:5000';
      assert.deepStrictEqual(parseRemoteUrl(toHttpsUrl(remote, { serviceUrl: emulator }), { serviceUrls: [emulator] }), remote);
    }), { numRuns: 300 });
  });

  it('reads the repository name as the project when the project segment is left out', () => {
    fc.assert(fc.property(orgName, repositoryName, (org, repo) => {
      const url = `https://dev.azure.com/${org}/_git/${encodeURIComponent(repo)}`;
      assert.deepStrictEqual(parseRemoteUrl(url), svc(org, repo, repo));
    }), { numRuns: 200 });
  });

  it('round-trips canonical URLs of valid Azure DevOps Server names', () => {
    fc.assert(fc.property(serverRemote, (remote) => {
      assert.deepStrictEqual(parseRemoteUrl(toHttpsUrl(remote)), remote);
      const { serverUrl: _dropped, ...viaSsh } = remote;
      assert.deepStrictEqual(parseRemoteUrl(toSshUrl(remote)), { ...viaSsh, protocol: 'ssh' });
    }), { numRuns: 300 });
  });
});
