import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareNames, sortByName } from '../../src/util/compare';

const sign = (n: number) => Math.sign(n);
const localeOrder = (a: string, b: string) => sign(a.localeCompare(b, undefined, { sensitivity: 'base' }));

describe('compareNames', () => {
  it('orders names of letters, digits, spaces, "-" and "." exactly like the locale collation', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9 .-]{0,12}$/);
    fc.assert(fc.property(name, name, (a, b) => sign(compareNames(a, b)) === localeOrder(a, b)), { numRuns: 5000 });
  });

  it('falls back to the locale collation for other names', () => {
    const name = fc.string({ maxLength: 8 });
    fc.assert(fc.property(name, name, (a, b) => sign(compareNames(a, b)) === localeOrder(a, b)), { numRuns: 2000 });
    assert.equal(sign(compareNames('Ärger', 'Zebra')), -1);
    assert.equal(compareNames('WEB', 'web'), 0);
    assert.deepEqual(['org-10', 'Org-2', 'org 1', 'org.3', 'org1', 'org_x'].sort(compareNames),
      ['org-10', 'Org-2', 'org 1', 'org.3', 'org1', 'org_x'].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
  });
});

describe('sortByName', () => {
  it('sorts like compareNames, without changing its input', () => {
    const name = fc.string({ maxLength: 8 });
    fc.assert(fc.property(fc.array(fc.record({ name }), { maxLength: 30 }), (items) => {
      const before = [...items];
      const sorted = sortByName(items);
      assert.deepEqual(items, before);
      assert.deepEqual(sorted.map((i) => i.name), [...items].sort((a, b) => compareNames(a.name, b.name)).map((i) => i.name));
    }), { numRuns: 500 });
  });
});
