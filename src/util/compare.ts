/**
 * Case-insensitive, locale-aware ordering of names (organizations, projects, repositories), like
 * `a.localeCompare(b, undefined, { sensitivity: 'base' })` but cheap: names made only of ASCII letters, digits,
 * spaces, `-` and `.` (nearly all of them) are compared by their lowercase code points, which orders them exactly
 * as the locale collation does; others go through one shared Intl.Collator. Creating a collator loads ICU data
 * (milliseconds, more inside the extension host), which activation then does not pay for, and sorting 10,000
 * repositories does not create one per comparison.
 */
const SIMPLE = /^[A-Za-z0-9 .-]*$/;
let collator: Intl.Collator | undefined;

export function compareNames(a: string, b: string): number {
  if (SIMPLE.test(a) && SIMPLE.test(b)) {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  collator ??= new Intl.Collator(undefined, { sensitivity: 'base' });
  return collator.compare(a, b);
}

interface SortKey { simple: boolean; lower: string; name: string }

function keyOf(name: string): SortKey {
  return { simple: SIMPLE.test(name), lower: name.toLowerCase(), name };
}

/** Items sorted by `name` with compareNames, each name examined once (10,000 repositories sort in a few ms). */
export function sortByName<T extends { name: string }>(items: readonly T[]): T[] {
  const keyed = items.map((item) => ({ item, key: keyOf(item.name) }));
  keyed.sort((a, b) => {
    if (a.key.simple && b.key.simple) return a.key.lower < b.key.lower ? -1 : a.key.lower > b.key.lower ? 1 : 0;
    collator ??= new Intl.Collator(undefined, { sensitivity: 'base' });
    return collator.compare(a.key.name, b.key.name);
  });
  return keyed.map((k) => k.item);
}
