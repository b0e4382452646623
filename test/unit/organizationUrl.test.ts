import * as assert from 'assert';
import fc from 'fast-check';
import {
  OrganizationRef,
  organizationFromRemote,
  organizationKey,
  organizationWebUrl,
  parseOrganizationInput,
  projectWebUrl,
  repositoryWebUrl,
  tokenSettingsUrl,
} from '../../src/azdo/organizationUrl';
import { AzureRemote, parseRemoteUrl, toHttpsUrl, toSshUrl } from '../../src/azdo/remoteUrl';
import { validateOrganizationName, validateProjectName, validateRepositoryName } from '../../src/azdo/validation';

const CLOUD = { serviceUrl: 'https://dev.azure.com' };
const EMULATOR = { serviceUrl: 'http://127.0.0.1:5000' };

function services(name: string, base = 'https://dev.azure.com'): OrganizationRef {
  return { kind: 'services', name, url: `${base}/${name}` };
}

function server(name: string, url: string): OrganizationRef {
  return { kind: 'server', name, url };
}

const accepted: [string, { serviceUrl: string }, OrganizationRef][] = [
  ['fabrikam', CLOUD, services('fabrikam')],
  ['  fabrikam \t', CLOUD, services('fabrikam')],
  ['Fabrikam-Fiber', CLOUD, services('Fabrikam-Fiber')],
  ['https://dev.azure.com/fabrikam', CLOUD, services('fabrikam')],
  ['https://dev.azure.com/fabrikam/', CLOUD, services('fabrikam')],
  ['https://DEV.AZURE.COM/fabrikam/Fabrikam%20Fiber/_boards/board?x=1#y', CLOUD, services('fabrikam')],
  ['https://dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web', CLOUD, services('fabrikam')],
  ['https://fabrikam@dev.azure.com/fabrikam/Fabrikam%20Fiber/_git/Web', CLOUD, services('fabrikam')],
  ['http://dev.azure.com/fabrikam', CLOUD, services('fabrikam')],
  ['dev.azure.com/fabrikam', CLOUD, services('fabrikam')],
  ['https://fabrikam.visualstudio.com', CLOUD, services('fabrikam')],
  ['https://fabrikam.visualstudio.com/DefaultCollection/Fabrikam%20Fiber', CLOUD, services('fabrikam')],
  ['https://fabrikam.visualstudio.com/_git/Web', CLOUD, services('fabrikam')],
  ['fabrikam.visualstudio.com', CLOUD, services('fabrikam')],
  ['https://vssps.dev.azure.com/fabrikam/', CLOUD, services('fabrikam')],
  ['git@ssh.dev.azure.com:v3/fabrikam/Fabrikam%20Fiber/Web', CLOUD, services('fabrikam')],
  ['git@vs-ssh.visualstudio.com:v3/fabrikam/P/Web', CLOUD, services('fabrikam')],
  ['ssh://fabrikam@vs-ssh.visualstudio.com:22/DefaultCollection/P/_ssh/Web', CLOUD, services('fabrikam')],
  // The configured service base: every Azure DevOps Services form maps to it.
  ['fabrikam', EMULATOR, services('fabrikam', EMULATOR.serviceUrl)],
  ['fabrikam', { serviceUrl: 'http://127.0.0.1:5000/' }, services('fabrikam', EMULATOR.serviceUrl)],
  ['fabrikam', { serviceUrl: '' }, services('fabrikam')],
  ['http://127.0.0.1:5000/fabrikam', EMULATOR, services('fabrikam', EMULATOR.serviceUrl)],
  ['http://127.0.0.1:5000/fabrikam/P/_git/Web', EMULATOR, services('fabrikam', EMULATOR.serviceUrl)],
  ['https://dev.azure.com/fabrikam', EMULATOR, services('fabrikam', EMULATOR.serviceUrl)],
  ['https://fabrikam.visualstudio.com', EMULATOR, services('fabrikam', EMULATOR.serviceUrl)],
  ['http://localhost:5000/azdo/fabrikam/x', { serviceUrl: 'http://localhost:5000/azdo' }, services('fabrikam', 'http://localhost:5000/azdo')],
  // Azure DevOps Server collections.
  ['https://tfs.contoso.com/tfs/DefaultCollection', CLOUD, server('DefaultCollection', 'https://tfs.contoso.com/tfs/DefaultCollection')],
  ['https://tfs.contoso.com/tfs/DefaultCollection/', CLOUD, server('DefaultCollection', 'https://tfs.contoso.com/tfs/DefaultCollection')],
  ['https://tfs.contoso.com/Collection', CLOUD, server('Collection', 'https://tfs.contoso.com/Collection')],
  ['https://tfs.contoso.com/Collection/Project/_boards', CLOUD, server('Collection', 'https://tfs.contoso.com/Collection')],
  ['http://server:8080/tfs/DefaultCollection/Project/_git/Repo', CLOUD, server('DefaultCollection', 'http://server:8080/tfs/DefaultCollection')],
  ['https://TFS.Contoso.com/TFS/DefaultCollection/Project', CLOUD, server('DefaultCollection', 'https://tfs.contoso.com/TFS/DefaultCollection')],
  ['https://tfs.contoso.com/tfs/My%20Collection', CLOUD, server('My Collection', 'https://tfs.contoso.com/tfs/My%20Collection')],
  ['https://tfs.contoso.com/azdo/Fabrikam/P/_git/Web', CLOUD, server('Fabrikam', 'https://tfs.contoso.com/azdo/Fabrikam')],
  ['tfs.contoso.com/tfs/DefaultCollection', CLOUD, server('DefaultCollection', 'https://tfs.contoso.com/tfs/DefaultCollection')],
  ['tfs:8080/tfs/DefaultCollection', CLOUD, server('DefaultCollection', 'https://tfs:8080/tfs/DefaultCollection')],
  ['http://127.0.0.1:5000/fabrikam', CLOUD, server('fabrikam', 'http://127.0.0.1:5000/fabrikam')],
];

const SECRET = 's3cr3t-T0ken';
const rejected: [string, RegExp[]][] = [
  ['', [/Type an organization name/, /DefaultCollection/]],
  ['   ', [/Type an organization name/]],
  ['my_org', [/letters, digits and hyphens/, /"_"/, /for example "fabrikam"/]],
  ['-org', [/start and end with a letter or a digit/]],
  ['x'.repeat(51), [/at most 50 characters/]],
  ['my org', [/a space is not allowed/]],
  ['https://dev.azure.com/my_org', [/letters, digits and hyphens/]],
  ['https://dev.azure.com', [/Add the organization name/, /https:\/\/dev\.azure\.com\/fabrikam/]],
  ['https://dev.azure.com/', [/Add the organization name/]],
  ['https://dev.azure.com/%zz', [/percent-encoding/]],
  ['https://server/tfs', [/Add the collection name/, /https:\/\/server\/tfs\/DefaultCollection/]],
  ['https://server/TFS/', [/Add the collection name/, /\/TFS\/DefaultCollection/]],
  ['https://server', [/Add the collection name/, /https:\/\/server\/tfs\/DefaultCollection/]],
  ['https://tfs.contoso.com/tfs/CON', [/reserved/, /collection URL/]],
  ['ftp://dev.azure.com/fabrikam', [/"ftp:"/, /https:\/\//]],
  ['file:///home/me/repo', [/"file:"/]],
  ['mailto:someone', [/"mailto:"/]],
  ['git://dev.azure.com/fabrikam', [/"git:"/]],
  [`https://me:${SECRET}@dev.azure.com/fabrikam`, [/token/, /asked for separately/]],
  [`https://:${SECRET}@tfs.contoso.com/tfs/DefaultCollection`, [/asked for separately/]],
  [`me:${SECRET}@dev.azure.com/fabrikam`, [/asked for separately/]],
  [`https://${'a'.repeat(52)}@dev.azure.com/fabrikam/P/_git/R`, [/asked for separately/]],
  ['me@contoso.com', [/not a user name or e-mail address/]],
  ['https://github.com/owner/repo', [/github\.com is not Azure DevOps/]],
  ['git@github.com:owner/repo.git', [/github\.com is not Azure DevOps/]],
  ['git@gitserver.local:repo.git', [/not an Azure Repos URL/]],
  ['https://app.vssps.visualstudio.com', [/not an organization URL/]],
  ['https://vs-ssh.visualstudio.com', [/not an organization URL/]],
  ['https://ssh.dev.azure.com/v3/o/p/r', [/not an organization URL/]],
  ['ssh://tfs.contoso.com:22/tfs/DefaultCollection/P/_git/R', [/SSH URL/, /collection URL/]],
  ['ssh://git@github.com/owner/repo', [/not an Azure Repos URL/]],
  ['https://exa mple.com/x', [/not a valid URL/]],
];

describe('organizationUrl.parseOrganizationInput', () => {
  for (const [input, options, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)} with ${options.serviceUrl || '(empty)'}`, () => {
      assert.deepStrictEqual(parseOrganizationInput(input, options), { ok: true, organization: expected });
    });
  }
  for (const [input, rules] of rejected) {
    it(`rejects ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + '…' : input)}`, () => {
      const result = parseOrganizationInput(input, CLOUD);
      assert.strictEqual(result.ok, false);
      if (result.ok) return;
      for (const rule of rules) assert.match(result.message, rule);
      assert.ok(!result.message.includes(SECRET), 'the message repeats the secret');
      assert.ok(!result.message.includes('a'.repeat(52)), 'the message repeats the token');
    });
  }
});

describe('organizationUrl helpers', () => {
  const cloud = services('Fabrikam');
  const onPrem = server('My Collection', 'https://tfs.contoso.com/tfs/My%20Collection');

  it('builds a stable lowercase key', () => {
    assert.strictEqual(organizationKey(cloud), 'https://dev.azure.com/fabrikam');
    assert.strictEqual(organizationKey(services('fabrikam')), organizationKey(cloud));
    assert.strictEqual(organizationKey({ ...onPrem, url: onPrem.url + '/' }), 'https://tfs.contoso.com/tfs/my%20collection');
    assert.notStrictEqual(organizationKey(services('fabrikam', EMULATOR.serviceUrl)), organizationKey(cloud));
  });

  it('builds web URLs with encoded names', () => {
    assert.strictEqual(organizationWebUrl(cloud), 'https://dev.azure.com/Fabrikam');
    assert.strictEqual(projectWebUrl(cloud, 'Fabrikam Fiber'), 'https://dev.azure.com/Fabrikam/Fabrikam%20Fiber');
    assert.strictEqual(repositoryWebUrl(cloud, 'Fabrikam Fiber', 'Dépôt #1'), 'https://dev.azure.com/Fabrikam/Fabrikam%20Fiber/_git/D%C3%A9p%C3%B4t%20%231');
    assert.strictEqual(repositoryWebUrl(onPrem, 'P', 'R'), 'https://tfs.contoso.com/tfs/My%20Collection/P/_git/R');
    assert.strictEqual(tokenSettingsUrl(cloud), 'https://dev.azure.com/Fabrikam/_usersSettings/tokens');
    assert.strictEqual(tokenSettingsUrl({ ...onPrem, url: onPrem.url + '/' }), 'https://tfs.contoso.com/tfs/My%20Collection/_usersSettings/tokens');
  });

  it('maps remotes to their organization', () => {
    const remote = parseRemoteUrl('git@ssh.dev.azure.com:v3/fabrikam/P/R');
    const serverRemote = parseRemoteUrl('https://tfs.contoso.com/tfs/My%20Collection/P/_git/R');
    const sshServer = parseRemoteUrl('ssh://tfs.contoso.com:22/tfs/DefaultCollection/P/_git/R');
    assert.ok(remote && serverRemote && sshServer);
    assert.deepStrictEqual(organizationFromRemote(remote), services('fabrikam'));
    assert.deepStrictEqual(organizationFromRemote(remote, EMULATOR), services('fabrikam', EMULATOR.serviceUrl));
    assert.deepStrictEqual(organizationFromRemote(serverRemote), onPrem);
    assert.strictEqual(organizationFromRemote(sshServer), undefined);
  });
});

const orgName = fc.oneof(fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/), fc.constantFrom('XN--0', 'xn--bcher-kva', 'ab--cd'))
  .filter((n) => validateOrganizationName(n) === undefined);
const nameChar = fc.oneof(fc.constantFrom(...'abcXYZ09 -_.()éж日'), fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCharCode(c)));
const projectName = fc.string({ unit: nameChar, minLength: 1, maxLength: 30 }).filter((n) => validateProjectName(n) === undefined);
const repositoryName = fc.string({ unit: nameChar, minLength: 1, maxLength: 30 }).filter((n) => validateRepositoryName(n) === undefined);

describe('organizationUrl properties', () => {
  it('never throws, and always explains a rejection', () => {
    const input = fc.oneof(
      fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.constantFrom('https://', 'http://dev.azure.com/', 'https://x.visualstudio.com/', 'ssh://', 'git@ssh.dev.azure.com:', 'tfs/'), fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
    );
    fc.assert(fc.property(input, fc.constantFrom(CLOUD, EMULATOR, { serviceUrl: 'garbage' }), (text, options) => {
      const result = parseOrganizationInput(text, options);
      if (result.ok) {
        assert.ok(result.organization.name.length > 0);
        assert.ok(!result.organization.url.endsWith('/'), result.organization.url);
      } else {
        assert.ok(result.message.length > 10);
      }
    }), { numRuns: 2000 });
  });

  it('maps every form of a valid organization to the same organization', () => {
    fc.assert(fc.property(orgName, (name) => {
      const expected = { ok: true, organization: services(name) };
      assert.deepStrictEqual(parseOrganizationInput(name, CLOUD), expected);
      assert.deepStrictEqual(parseOrganizationInput(`https://dev.azure.com/${name}/`, CLOUD), expected);
      assert.deepStrictEqual(parseOrganizationInput(` ${name}@dev.azure.com/${name}/_settings `, CLOUD), expected);
      const legacy = parseOrganizationInput(`https://${name}.visualstudio.com`, CLOUD);
      assert.ok(legacy.ok);
      assert.strictEqual(organizationKey(legacy.organization), organizationKey(services(name)));
    }), { numRuns: 300 });
  });

  it('gives the organization of a pasted repository URL in any form', () => {
    fc.assert(fc.property(orgName, projectName, repositoryName, (organization, project, repository) => {
      const remote: AzureRemote = { kind: 'services', protocol: 'https', organization, project, repository, legacy: false };
      const expected = { ok: true, organization: services(organization) };
      assert.deepStrictEqual(parseOrganizationInput(toHttpsUrl(remote), CLOUD), expected);
      assert.deepStrictEqual(parseOrganizationInput(toSshUrl(remote), CLOUD), expected);
    }), { numRuns: 300 });
  });

  it('never repeats a password', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,60}$/);
    const target = fc.constantFrom('dev.azure.com/fabrikam', 'tfs.contoso.com/tfs/DefaultCollection', 'fabrikam.visualstudio.com/x');
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{0,10}$/), secret, target, fc.boolean(), (user, password, rest, withScheme) => {
      const result = parseOrganizationInput(`${withScheme ? 'https://' : ''}${user}:${password}@${rest}`, CLOUD);
      assert.strictEqual(result.ok, false);
      if (!result.ok) assert.ok(!result.message.includes(password));
    }), { numRuns: 300 });
  });
});
