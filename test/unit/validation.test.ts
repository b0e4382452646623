import * as assert from 'assert';
import fc from 'fast-check';
import {
  FORBIDDEN_NAME_CHARACTERS,
  GIT_REF_FORBIDDEN_CHARACTERS,
  validateBranchName,
  validateCollectionName,
  validateOrganizationName,
  validateProjectName,
  validateRemoteName,
  validateRepositoryName,
} from '../../src/azdo/validation';

type Validator = (name: string) => string | undefined;

/** Table: valid names, and invalid names with a fragment the message must contain (the rule it names). */
function table(label: string, validate: Validator, valid: string[], invalid: [string, RegExp][]): void {
  describe(label, () => {
    for (const name of valid) {
      it(`accepts ${JSON.stringify(name)}`, () => {
        assert.strictEqual(validate(name), undefined);
      });
    }
    for (const [name, rule] of invalid) {
      it(`rejects ${JSON.stringify(name)} (${rule.source})`, () => {
        const message = validate(name);
        assert.ok(message !== undefined, 'expected a message');
        assert.match(message, rule);
      });
    }
  });
}

const AZ = /Azure DevOps naming restrictions/;

table('validateOrganizationName', validateOrganizationName,
  ['a', '7', 'fabrikam', 'Fabrikam-Fiber', 'a1', '1a', 'a--b', 'x'.repeat(50)],
  [
    ['', /organization name/],
    ['-fabrikam', /start and end with a letter or a digit/],
    ['fabrikam-', /start and end with a letter or a digit/],
    ['-', /start and end/],
    ['XN--0', /"xn--": that prefix is reserved for internationalized domain names/],
    ['fab_rikam', /"_" is not allowed/],
    ['fab.rikam', /"\." is not allowed/],
    ['fab rikam', /a space is not allowed/],
    ['café', /English letters/],
    ['fab/rikam', /"\/" is not allowed/],
    ['x'.repeat(51), /at most 50 characters/],
  ]);

const forbiddenProjectCases: [string, RegExp][] = FORBIDDEN_NAME_CHARACTERS.map((c) => [`a${c}b`, new RegExp(`must not contain "${c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}"`)]);

table('validateProjectName', validateProjectName,
  ['Fabrikam Fiber', 'Projét', '日本語のプロジェクト', 'a', 'x'.repeat(64), 'my.project', 'my_project', 'a-b', '(x)!', 'App_Code2', 'Website', 'Web2', 'COM11', ' padded '],
  [
    ['', /Enter a project name/],
    ['   ', /Enter a project name/],
    ['x'.repeat(65), /at most 64 characters.*has 65/],
    ['_hidden', /must not start with an underscore/],
    ['.hidden', /must not start or end with a period/],
    ['trailing.', /must not start or end with a period/],
    ['a\u0001b', /control characters such as U\+0001/],
    ['a\u0085b', /control characters such as U\+0085/],
    ['tab\there', /control characters/],
    ['smile 😀', /surrogate characters/],
    ['lone \ud800', /surrogate characters/],
    ...forbiddenProjectCases,
    ['CON', /"CON" is a reserved name/], ['con', /"CON" is a reserved name/], ['Aux', /reserved/], ['NUL', /reserved/],
    ['PRN', /reserved/], ['COM1', /reserved/], ['COM10', /reserved/], ['LPT9', /reserved/], ['SERVER', /reserved/],
    ['signalr', /"SignalR" is a reserved name/], ['DefaultCollection', /reserved/], ['WEB', /"Web" is a reserved name/],
    ['App_Code', /"App_code" is a reserved name/], ['App_Browsers', /reserved/], ['App_Data', /reserved/],
    ['App_GlobalResources', /reserved/], ['App_LocalResources', /reserved/], ['App_Themes', /reserved/],
    ['App_WebResources', /reserved/], ['bin', /"bin" is a reserved name/], ['Web.Config', /"web.config" is a reserved/],
  ]);

table('validateRepositoryName', validateRepositoryName,
  ['Web2', 'Fabrikam Fiber', 'Dépôt', 'my.repo', 'repo.git', 'App_Code', 'bin', 'x'.repeat(64), 'a_b', '-dash-'],
  [
    ['', /Enter a repository name/],
    ['x'.repeat(65), /at most 64 characters/],
    ['_private', /underscore/],
    ['.', /period/], ['..', /period/], ['.dotfiles', /period/], ['name.', /period/],
    ['a/b', /must not contain "\/"/], ['a@b', /"@"/], ['a%20b', /"%"/], ['a~b', /"~"/], ["it's", /"'"/],
    ['a\u007fb', /control characters such as U\+007F/],
    ['CON', /reserved/], ['DefaultCollection', /reserved/], ['web', /"Web" is a reserved name/],
  ]);

table('validateCollectionName', validateCollectionName,
  ['DefaultCollection', 'Fabrikam Collection', 'SERVER', 'SignalR', 'a.b'],
  [
    ['', /Enter a collection name/],
    ['a..b', /ellipsis or a double period/],
    ['a\u2026b', /ellipsis/],
    ['CON', /reserved/], ['web', /reserved/],
    ['_c', /underscore/], ['c#', /"#"/], ['x'.repeat(65), /64/],
  ]);

table('validateBranchName', validateBranchName,
  ['main', 'feature/login', 'users/me/fix-1', 'release/1.0', 'v1.0.lockx', 'foo./bar', 'é', 'x@', '@x', 'a@b', '😀', 'a{b}', 'a-b', 'refs/x', 'head'],
  [
    ['', /Enter a branch name/],
    ['-x', /must not start with "-"/],
    ['HEAD', /"HEAD" is not a valid branch name/],
    ['@', /single character "@".*rule 9/],
    ['a..b', /rule 3/],
    ['a b', /a space.*rule 4/], ['a~b', /"~".*rule 4/], ['a^b', /"\^".*rule 4/], ['a:b', /":".*rule 4/],
    ['a?b', /rule 5/], ['a*b', /rule 5/], ['a[b', /rule 5/], ['a\\b', /rule 10/],
    ['a\u0001b', /control characters.*U\+0001.*rule 4/], ['a\u007f', /control.*rule 4/], ['a\nb', /control/],
    ['/a', /rule 6/], ['a/', /rule 6/], ['a//b', /rule 6/],
    ['.a', /starts with "\.".*rule 1/], ['a/.b', /rule 1/],
    ['a.lock', /\.lock.*rule 1/], ['a.lock/b', /\.lock.*rule 1/],
    ['a.', /must not end with "\.".*rule 7/], ['a/b.', /rule 7/],
    ['a@{b', /"@\{".*rule 8/], ['@{-1}', /rule 8/],
    ['lone\ud800', /unpaired surrogate/],
  ]);

table('validateRemoteName', validateRemoteName,
  ['origin', 'upstream', 'my-fork', 'team/fork', 'a.', '@', 'é'],
  [
    ['', /Enter a remote name/],
    ['-x', /must not start with "-"/],
    ['a b', /rule 4/], ['a:b', /rule 4/], ['a*', /rule 5/], ['a..b', /rule 3/],
    ['.a', /rule 1/], ['a.lock', /rule 1/], ['a/', /rule 6/], ['a//b', /rule 6/], ['a@{', /rule 8/],
  ]);

// Properties ------------------------------------------------------------------------------------------

const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
const validators: [string, Validator][] = [
  ['organization', validateOrganizationName], ['project', validateProjectName], ['repository', validateRepositoryName],
  ['collection', validateCollectionName], ['branch', validateBranchName], ['remote', validateRemoteName],
];
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

function withInserted(char: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(fc.string(), char, fc.string()).map(([a, c, b]) => a + c + b);
}

describe('validation properties', () => {
  for (const [label, validate] of validators) {
    it(`${label}: never throws, and returns undefined or a non-empty message`, () => {
      fc.assert(fc.property(anyString, (name) => {
        const result = validate(name);
        assert.ok(result === undefined || (typeof result === 'string' && result.length > 0));
      }), { numRuns: 500 });
    });
  }

  for (const [label, validate] of [['project', validateProjectName], ['repository', validateRepositoryName], ['collection', validateCollectionName]] as const) {
    it(`${label}: never accepts a forbidden or control character`, () => {
      fc.assert(fc.property(withInserted(fc.oneof(fc.constantFrom(...FORBIDDEN_NAME_CHARACTERS), controlChar)), (name) => {
        const message = validate(name);
        assert.ok(message !== undefined);
        assert.match(message, AZ);
      }), { numRuns: 500 });
    });
  }

  it('organization: never accepts a character other than English letters, digits and hyphens', () => {
    const other = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[A-Za-z0-9-]$/.test(c));
    fc.assert(fc.property(withInserted(other), (name) => {
      assert.notStrictEqual(validateOrganizationName(name), undefined);
    }), { numRuns: 500 });
  });

  for (const [label, validate] of [['branch', validateBranchName], ['remote', validateRemoteName]] as const) {
    it(`${label}: never accepts a character git refuses`, () => {
      fc.assert(fc.property(withInserted(fc.oneof(fc.constantFrom(...GIT_REF_FORBIDDEN_CHARACTERS, '\x7f'), controlChar)), (name) => {
        assert.notStrictEqual(validate(name), undefined);
      }), { numRuns: 500 });
    });
  }

  it('organization: accepts every well-formed name and rejects longer ones', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/).filter((n) => !/^xn--/i.test(n)), (name) => {
      assert.strictEqual(validateOrganizationName(name), undefined);
      assert.match(validateOrganizationName(name + 'x'.repeat(51 - name.length)) ?? '', /at most 50/);
    }));
  });

  it('branch and remote: accept slash-separated words of letters, digits, dots and dashes', () => {
    const component = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}[a-z0-9]$/).filter((c) => !c.includes('..') && !c.endsWith('.lock'));
    fc.assert(fc.property(fc.array(component, { minLength: 1, maxLength: 4 }), (parts) => {
      const name = parts.join('/');
      assert.strictEqual(validateBranchName(name), undefined);
      assert.strictEqual(validateRemoteName(name), undefined);
    }));
  });

  it('project and repository: length limit counts UTF-16 code units', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 80 }), (length) => {
      const name = 'é'.repeat(length);
      assert.strictEqual(validateProjectName(name) === undefined, length <= 64);
      assert.strictEqual(validateRepositoryName(name) === undefined, length <= 64);
    }));
  });
});
