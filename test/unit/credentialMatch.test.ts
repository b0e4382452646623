import * as assert from 'node:assert/strict';
import { matchCredentialAccount, organizationKeyOfUrl, type CredentialAccount, type CredentialHints } from '../../src/git/credentialMatch';

function services(name: string, base = 'https://dev.azure.com'): CredentialAccount {
  const url = `${base}/${name}`;
  return { key: url.toLowerCase(), kind: 'services', name, url };
}

function server(url: string): CredentialAccount {
  const name = decodeURIComponent(url.split('/').pop() ?? '');
  return { key: url.toLowerCase(), kind: 'server', name, url };
}

const alpha = services('alpha');
const beta = services('Beta');
const coll = server('https://tfs.contoso.com/tfs/DefaultCollection');
const other = server('https://tfs.contoso.com/tfs/Other%20Coll');
const cloud: CredentialHints = { serviceUrl: 'https://dev.azure.com' };

function matched(url: string, accounts: CredentialAccount[], hints: CredentialHints = cloud): string {
  const m = matchCredentialAccount(url, accounts, hints);
  return m.kind === 'account' ? `${m.account.name} (${m.reason})` : m.kind === 'ambiguous' ? `ambiguous: ${m.candidates.map((a) => a.name).join(', ')}` : 'none';
}

describe('credential matching: which organization git needs a token for', () => {
  it('uses the path when git sends it (credential.useHttpPath)', () => {
    assert.equal(matched('https://dev.azure.com/alpha/Web/_git/web-app', [alpha, beta]), 'alpha (path)');
    assert.equal(matched('https://dev.azure.com/beta/Web/_git/web-app', [alpha, beta]), 'Beta (path)');
    assert.equal(matched('https://dev.azure.com/BETA/_git/Only', [alpha, beta]), 'Beta (path)');
    assert.equal(matched('https://dev.azure.com/alpha/My%20Project/_git/My%20Repo', [alpha, beta]), 'alpha (path)');
    assert.equal(matched('https://dev.azure.com/alpha', [alpha, beta]), 'alpha (path)');
  });

  it('refuses a path that names an organization nobody signed in to, even when only one account is on the host', () => {
    assert.equal(matched('https://dev.azure.com/gamma/Web/_git/web-app', [alpha]), 'none');
    assert.equal(matched('https://dev.azure.com/gamma/Web/_git/web-app', [alpha, beta]), 'none');
  });

  it('hands the only organization on a bare host its token', () => {
    assert.equal(matched('https://dev.azure.com', [alpha]), 'alpha (onlyAccount)');
    assert.equal(matched('https://dev.azure.com/', [alpha, coll]), 'alpha (onlyAccount)');
    assert.equal(matched('https://DEV.AZURE.COM', [alpha]), 'alpha (onlyAccount)');
  });

  it('tells organizations on one host apart by the operation the extension started, then by open repositories', () => {
    assert.equal(matched('https://dev.azure.com', [alpha, beta]), 'ambiguous: alpha, Beta');
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, operations: ['https://dev.azure.com/beta/P/_git/r'] }), 'Beta (operation)');
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, openRemotes: ['https://alpha@dev.azure.com/alpha/P/_git/r', 'git@github.com:x/y.git'] }), 'alpha (openRepositories)');
    // SSH remotes name the organization too.
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, openRemotes: ['git@ssh.dev.azure.com:v3/Beta/P/r'] }), 'Beta (openRepositories)');
    // What the Git: Clone picker showed last, when it was one organization's repositories only.
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, offered: ['https://dev.azure.com/beta/P/_git/r', 'https://dev.azure.com/beta/Q/_git/s'], openRemotes: ['https://dev.azure.com/alpha/P/_git/r'] }), 'Beta (offered)');
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, offered: ['https://dev.azure.com/alpha/P/_git/r', 'https://dev.azure.com/beta/Q/_git/s'] }), 'ambiguous: alpha, Beta');
    // An operation wins over open repositories; two operations on two organizations stay ambiguous.
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, operations: ['https://dev.azure.com/alpha/P/_git/r'], openRemotes: ['https://dev.azure.com/beta/P/_git/r'] }), 'alpha (operation)');
    assert.equal(matched('https://dev.azure.com', [alpha, beta], { ...cloud, openRemotes: ['https://dev.azure.com/alpha/P/_git/r', 'https://dev.azure.com/beta/P/_git/r'] }), 'ambiguous: alpha, Beta');
  });

  it('matches a user name that is an organization name ({org}@dev.azure.com)', () => {
    assert.equal(matched('https://alpha@dev.azure.com', [alpha, beta]), 'alpha (user)');
    assert.equal(matched('https://someone@dev.azure.com', [alpha, beta]), 'ambiguous: alpha, Beta');
  });

  it('reads the organization from a legacy {org}.visualstudio.com host', () => {
    assert.equal(matched('https://alpha.visualstudio.com', [alpha, beta]), 'alpha (host)');
    assert.equal(matched('https://gamma.visualstudio.com', [alpha, beta]), 'none');
    assert.equal(matched('https://alpha.visualstudio.com/DefaultCollection/Web/_git/web-app', [alpha, beta]), 'alpha (path)');
  });

  it('matches Azure DevOps Server collections by host and path', () => {
    assert.equal(matched('https://tfs.contoso.com', [alpha, coll]), 'DefaultCollection (onlyAccount)');
    assert.equal(matched('https://tfs.contoso.com', [coll, other]), 'ambiguous: DefaultCollection, Other Coll');
    assert.equal(matched('https://tfs.contoso.com/tfs/Other%20Coll/P/_git/r', [coll, other]), 'Other Coll (path)');
    assert.equal(matched('https://tfs.contoso.com/tfs/defaultcollection/P/_git/r', [coll, other]), 'DefaultCollection (path)');
    assert.equal(matched('https://tfs.contoso.com:8443', [coll]), 'none', 'another port is another server');
    assert.equal(matched('http://tfs.contoso.com', [coll]), 'none', 'another scheme is another server');
  });

  it('uses the configured service URL (a sovereign cloud or the emulator) for organizations', () => {
    const base = 'http://127.0.0.1:5123';
    const a = services('alpha', base);
    const b = services('beta', base);
    const hints = { serviceUrl: base };
    assert.equal(matched('http://127.0.0.1:5123', [a, b], hints), 'ambiguous: alpha, beta');
    assert.equal(matched('http://127.0.0.1:5123/beta/Web/_git/web-app', [a, b], hints), 'beta (path)');
    assert.equal(matched('http://127.0.0.1:5123', [a, b], { ...hints, operations: [`${base}/alpha/Web/_git/web-app`] }), 'alpha (operation)');
    assert.equal(matched('https://dev.azure.com', [a, b], hints), 'none');
    assert.equal(organizationKeyOfUrl(`${base}/Alpha/Web/_git/web-app`, base), `${base}/alpha`);
  });

  it('answers none for anything else and never throws', () => {
    for (const url of ['', 'not a url', 'ssh://git@ssh.dev.azure.com', 'git@ssh.dev.azure.com:v3/a/b/c', 'https://github.com', 'file:///tmp/x', 'https://%zz@dev.azure.com']) {
      assert.doesNotThrow(() => matchCredentialAccount(url, [alpha, beta], cloud));
    }
    assert.equal(matched('https://github.com', [alpha]), 'none');
    assert.equal(matched('https://github.com/alpha/x', [alpha]), 'none');
    assert.equal(matched('https://dev.azure.com', []), 'none');
  });
});
