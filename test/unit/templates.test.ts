import * as assert from 'node:assert/strict';
import spdx from 'spdx-license-list/full';
import { gitignoreSource, gitignoreTemplate, gitignoreTemplates } from '../../src/templates/gitignore';
import { initialCommitMessage, initialFiles, listFiles } from '../../src/templates/initialFiles';
import { license, licenses, licenseText } from '../../src/templates/licenses';

const notice = { year: 2026, holder: 'Ada Lovelace' };

describe('Repository templates: .gitignore (github/gitignore) and licenses (SPDX)', () => {
  it('offers GitHub\'s well-known .gitignore templates, with where they come from', () => {
    const names = gitignoreTemplates().map((t) => t.name);
    for (const name of ['Node', 'VisualStudio', 'Python', 'Java', 'Go', 'Rust', 'VisualStudioCode', 'macOS']) assert.ok(names.includes(name), name);
    assert.match(gitignoreSource(), /github\/gitignore/);
    const kinds = gitignoreTemplates().map((t) => t.kind);
    assert.equal(kinds.lastIndexOf('project') < kinds.indexOf('global'), true, 'languages first, then editors and systems');
    assert.match(gitignoreTemplate('node')?.text ?? '', /^node_modules\/$/m);
    assert.match(gitignoreTemplate('VisualStudio')?.text ?? '', /^\[Dd]ebug\/$/m);
    assert.equal(gitignoreTemplate('Global/macOS'), undefined);
    assert.equal(gitignoreTemplate('macos')?.path, 'Global/macOS.gitignore');
  });

  it('offers the common SPDX licenses by id, each present in spdx-license-list', () => {
    const ids = licenses().map((l) => l.id);
    for (const id of ['MIT', 'Apache-2.0', 'GPL-3.0-only', 'BSD-3-Clause', 'BSD-2-Clause', 'MPL-2.0', 'LGPL-3.0-only', 'AGPL-3.0-only', 'Unlicense', 'ISC']) {
      assert.ok(ids.includes(id), id);
      assert.ok(spdx[id], `spdx-license-list has ${id}`);
    }
    assert.equal(ids[0], 'MIT');
    assert.equal(license('apache-2.0')?.name, 'Apache License 2.0');
    assert.equal(license('Zlib'), undefined, 'only the offered licenses');
  });

  it('fills the year and the holder into licenses with a copyright notice, leaving no placeholder', () => {
    const expected: Record<string, RegExp> = {
      'MIT': /^MIT License\n\nCopyright \(c\) 2026 Ada Lovelace\n/,
      'MIT-0': /Copyright 2026 Ada Lovelace/,
      'BSD-2-Clause': /^Copyright \(c\) 2026 Ada Lovelace\n/,
      'BSD-3-Clause': /^Copyright \(c\) 2026 Ada Lovelace\.\n/,
      'ISC': /^ISC License:\n\nCopyright \(c\) 2026 Ada Lovelace\n\nPermission to use/,
      '0BSD': /^Copyright \(C\) 2026 by Ada Lovelace\n/,
    };
    for (const info of licenses().filter((l) => l.hasNotice)) {
      const text = licenseText(info.id, notice);
      assert.match(text, expected[info.id] ?? /^$/, info.id);
      assert.doesNotMatch(text, /<year>|<owner>|<copyright holders?>|<YEAR>|<COPYRIGHT HOLDER>|YEAR by AUTHOR|Internet Systems Consortium|AND ISC DISCLAIMS/, info.id);
      assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), info.id);
    }
    assert.deepEqual(licenses().filter((l) => l.hasNotice).map((l) => l.id).sort(), Object.keys(expected).sort());
  });

  it('uses the other licenses as published (GPL\'s and Apache\'s "how to apply" examples stay)', () => {
    for (const info of licenses().filter((l) => !l.hasNotice)) {
      const text = licenseText(info.id, notice);
      assert.equal(text.replace(/\s+/g, ' ').trim(), spdx[info.id]?.licenseText.replace(/\s+/g, ' ').trim(), info.id);
      assert.doesNotMatch(text, /Ada Lovelace/, info.id);
    }
    assert.match(licenseText('GPL-3.0-only', notice), /Copyright \(C\) <year> {2}<name of author>/);
    assert.match(licenseText('Apache-2.0', notice), /Copyright \[yyyy\] \[name of copyright owner\]/);
  });

  it('takes a holder with replacement patterns ($&) literally', () => {
    assert.match(licenseText('ISC', { year: 2026, holder: 'A $& B $1' }), /^Copyright \(c\) 2026 A \$& B \$1$/m);
    assert.match(licenseText('MIT', { year: 2026, holder: '$\' x' }), /^Copyright \(c\) 2026 \$' x$/m);
  });

  it('builds exactly the chosen files of the first commit, in a stable order', () => {
    assert.deepEqual(initialFiles('web', { readme: false }), []);
    const files = initialFiles('web', { readme: true, gitignore: 'Node', license: { id: 'MIT', ...notice } });
    assert.deepEqual(files.map((f) => f.path), ['/README.md', '/.gitignore', '/LICENSE']);
    assert.equal(files[0]?.content, '# web\n');
    assert.equal(files[1]?.content, gitignoreTemplate('Node')?.text);
    assert.match(files[2]?.content ?? '', /Copyright \(c\) 2026 Ada Lovelace/);
    assert.deepEqual(initialFiles('web', { readme: false, license: { id: 'Unlicense', ...notice } }).map((f) => f.path), ['/LICENSE']);
    assert.throws(() => initialFiles('web', { readme: false, gitignore: 'NoSuchTemplate' }), /NoSuchTemplate/);
    assert.equal(listFiles(files), 'README.md, .gitignore and LICENSE');
    assert.equal(listFiles(files.slice(1), 'und'), '.gitignore und LICENSE');
    assert.equal(initialCommitMessage(files.slice(0, 1)), 'Initial commit: add README.md');
  });
});
