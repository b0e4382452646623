import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AZURE_SSH_HOSTS, configPath, hostMatches, planSshConfig, type ConfigPlan } from '../../src/ssh/sshConfig';

const home = '/home/ada';
const key = '/home/ada/.ssh/id_rsa_azure_devops';
const options = { homeDir: home, date: '2026-11-21' };

function update(plan: ConfigPlan): Extract<ConfigPlan, { kind: 'update' }> {
  assert.equal(plan.kind, 'update', JSON.stringify(plan));
  return plan as Extract<ConfigPlan, { kind: 'update' }>;
}

const ENTRY = [
  '# Azure Repos over SSH: the key from Azure DevOps for VS Code (2026-11-21)',
  'Host ssh.dev.azure.com vs-ssh.visualstudio.com',
  '  IdentityFile ~/.ssh/id_rsa_azure_devops',
  '  IdentitiesOnly yes',
];

describe('~/.ssh/config for Azure Repos (planSshConfig)', () => {
  it('writes a new file with one entry for both hosts when there is none', () => {
    const plan = update(planSshConfig(undefined, key, options));
    assert.equal(plan.text, `${ENTRY.join('\n')}\n`);
    assert.deepEqual(plan.hosts, [...AZURE_SSH_HOSTS]);
    assert.equal(plan.line, 1);
    assert.deepEqual(update(planSshConfig('', key, options)).text, plan.text);
  });

  it('appends after unrelated entries, separated by a blank line, keeping every line', () => {
    const existing = 'Host github.com\n  IdentityFile ~/.ssh/id_ed25519\n  User git';
    const plan = update(planSshConfig(existing, key, options));
    assert.equal(plan.text, `${existing}\n\n${ENTRY.join('\n')}\n`);
    assert.equal(plan.line, 5);
  });

  it('goes before the first "Host *" (with the comment that describes it), after global options', () => {
    const existing = [
      'AddKeysToAgent yes',
      'ServerAliveInterval 60',
      '',
      'Host build',
      '  HostName build.example.com',
      '',
      '# defaults for everything',
      'Host *',
      '  IdentityFile ~/.ssh/id_ed25519',
      '  IdentitiesOnly yes',
      '',
    ].join('\n');
    const plan = update(planSshConfig(existing, key, options));
    const lines = plan.text.split('\n');
    assert.deepEqual(lines.slice(0, 6), ['AddKeysToAgent yes', 'ServerAliveInterval 60', '', 'Host build', '  HostName build.example.com', '']);
    assert.deepEqual(lines.slice(6, 10), ENTRY);
    assert.deepEqual(lines.slice(10), ['', '# defaults for everything', 'Host *', '  IdentityFile ~/.ssh/id_ed25519', '  IdentitiesOnly yes', '']);
    assert.equal(plan.line, 7);
  });

  it('treats a Match entry that does not name the hosts as general: the entry goes before it', () => {
    const existing = 'Host a\n  User x\nMatch exec "true"\n  ForwardAgent no\n';
    const lines = update(planSshConfig(existing, key, options)).text.split('\n');
    assert.deepEqual(lines.slice(0, 3), ['Host a', '  User x', '']);
    assert.deepEqual(lines.slice(3, 7), ENTRY);
    assert.deepEqual(lines.slice(7), ['', 'Match exec "true"', '  ForwardAgent no', '']);
  });

  it('reports an entry that gives the hosts another key, and writes nothing', () => {
    const existing = 'Host ssh.dev.azure.com\n  IdentityFile ~/.ssh/work_rsa\n  IdentitiesOnly yes\n';
    const plan = planSshConfig(existing, key, options);
    assert.deepEqual(plan, {
      kind: 'conflict',
      conflicts: [{ host: 'ssh.dev.azure.com', line: 1, entry: 'Host ssh.dev.azure.com', identityFile: '~/.ssh/work_rsa' }],
    });
  });

  it('reports wildcard entries that match the hosts (*.visualstudio.com), and Match lines that name them', () => {
    const wildcard = planSshConfig('Host *.visualstudio.com\n  IdentityFile ~/.ssh/old\n', key, options);
    assert.equal(wildcard.kind, 'conflict');
    assert.deepEqual(wildcard.kind === 'conflict' && wildcard.conflicts.map((c) => c.host), ['vs-ssh.visualstudio.com']);
    const match = planSshConfig('Match host ssh.dev.azure.com\n  IdentityFile ~/.ssh/old\n', key, options);
    assert.equal(match.kind, 'conflict');
  });

  it('does not count a negated or non-matching pattern, nor an entry without IdentityFile, as a conflict', () => {
    assert.equal(planSshConfig('Host *.azure.com !ssh.dev.azure.com\n  IdentityFile ~/.ssh/x\n', key, options).kind, 'update');
    const userOnly = update(planSshConfig('Host ssh.dev.azure.com\n  User git\n', key, options));
    assert.deepEqual(userOnly.hosts, [...AZURE_SSH_HOSTS]);
  });

  it('changes nothing when both hosts already use this key, however the path is written', () => {
    for (const written of ['~/.ssh/id_rsa_azure_devops', '/home/ada/.ssh/id_rsa_azure_devops', '"%d/.ssh/id_rsa_azure_devops"', 'IdentityFile=~/.ssh/id_rsa_azure_devops']) {
      const line = written.startsWith('IdentityFile') ? written : `IdentityFile ${written}`;
      assert.deepEqual(planSshConfig(`Host ssh.dev.azure.com vs-ssh.visualstudio.com\n  ${line}\n`, key, options), { kind: 'unchanged' }, written);
    }
  });

  it('adds only the host that is not configured yet', () => {
    const existing = 'Host ssh.dev.azure.com\n  IdentityFile ~/.ssh/id_rsa_azure_devops\n';
    const plan = update(planSshConfig(existing, key, options));
    assert.deepEqual(plan.hosts, ['vs-ssh.visualstudio.com']);
    assert.match(plan.text, /^Host vs-ssh\.visualstudio\.com$/m);
  });

  it('keeps Windows line endings, and compares paths case-insensitively when told to', () => {
    const plan = update(planSshConfig('Host a\r\n  User b\r\n', 'C:\\Users\\Ada\\.ssh\\id_rsa_azure_devops', { homeDir: 'C:\\Users\\Ada', date: '2026-11-21' }));
    assert.equal(plan.text, `Host a\r\n  User b\r\n\r\n${ENTRY.join('\r\n')}\r\n`);
    const windows = { homeDir: 'C:\\Users\\Ada', date: '2026-11-21', caseInsensitivePaths: true };
    assert.equal(planSshConfig('Host ssh.dev.azure.com vs-ssh.visualstudio.com\r\n  IdentityFile c:/users/ada/.SSH/ID_RSA_AZURE_DEVOPS\r\n', 'C:\\Users\\Ada\\.ssh\\id_rsa_azure_devops', windows).kind, 'unchanged');
  });

  it('quotes a key path with spaces and leaves one outside the home directory absolute', () => {
    assert.equal(configPath('/home/ada/my keys/k', home), '"~/my keys/k"');
    assert.equal(configPath('/opt/keys/k', home), '/opt/keys/k');
  });

  it('matches hosts like ssh does: globs, comma lists, negation wins', () => {
    assert.equal(hostMatches(['*.azure.com'], 'ssh.dev.azure.com'), true);
    assert.equal(hostMatches(['ssh.dev.azure.co?'], 'ssh.dev.azure.com'), true);
    assert.equal(hostMatches(['a,SSH.DEV.AZURE.COM'], 'ssh.dev.azure.com'), true);
    assert.equal(hostMatches(['*', '!ssh.dev.azure.com'], 'ssh.dev.azure.com'), false);
    assert.equal(hostMatches(['dev.azure.com'], 'ssh.dev.azure.com'), false);
  });

  it('never loses or reorders a line of the existing file (property)', () => {
    const line = fc.oneof(
      fc.constantFrom('', '# note', 'Host *', 'Host github.com', 'Match all', '  User git', '  IdentityFile ~/.ssh/id_ed25519', 'Include conf.d/*', 'ServerAliveInterval 30'),
      fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s) && !/azure|visualstudio/i.test(s)),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 25 }), (lines) => {
      const existing = lines.join('\n');
      const plan = planSshConfig(existing, key, options);
      if (plan.kind !== 'update') return;
      const out = plan.text.replace(/\n$/, '').split('\n');
      const start = plan.line - 1;
      assert.deepEqual(out.slice(start, start + ENTRY.length), ENTRY);
      const rest = [...out.slice(0, start), ...out.slice(start + ENTRY.length)];
      const original = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
      assert.deepEqual(rest.filter((l) => l.trim() !== ''), original.filter((l) => l.trim() !== ''));
    }));
  });
});
