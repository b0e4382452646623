/**
 * License texts offered when a repository is created: the SPDX license list (npm `spdx-license-list`, full
 * texts). Only the licenses in licenseChoices.json reach the bundle: esbuild.mjs replaces the package's 5 MB
 * `full` module with those entries at build time. Knows nothing of VS Code.
 */
import spdx from 'spdx-license-list/full';
import choices from './licenseChoices.json';

export interface LicenseInfo {
  /** SPDX identifier, e.g. `MIT`. */
  id: string;
  /** e.g. `MIT License`. */
  name: string;
  osiApproved: boolean;
  /** True when the text carries a copyright notice that takes the year and the copyright holder. */
  hasNotice: boolean;
}

export interface Notice {
  year: number;
  holder: string;
}

type Fill = (text: string, notice: Notice) => string;

/** Replaces `placeholder` (every occurrence); a text without it means the package changed under us. */
function replaceAll(text: string, placeholder: string | RegExp, value: string, id: string): string {
  const found = typeof placeholder === 'string' ? text.includes(placeholder) : placeholder.test(text);
  if (!found) throw new Error(`The ${id} text has no ${String(placeholder)} placeholder: check the spdx-license-list version.`);
  return typeof placeholder === 'string' ? text.split(placeholder).join(value) : text.replace(placeholder, () => value);
}

/**
 * Licenses whose text opens with a copyright notice and how to fill it (the SPDX templates mark these parts as
 * variable). Licenses not listed here are used verbatim: the GNU licenses' "<year> <name of author>" belong to
 * their "How to Apply" appendix, and Apache-2.0's "[yyyy]" to its boilerplate example, which stay as published.
 */
const NOTICES: Record<string, Fill> = {
  'MIT': (t, n) => replaceAll(replaceAll(t, '<year>', String(n.year), 'MIT'), '<copyright holders>', n.holder, 'MIT'),
  'MIT-0': (t, n) => replaceAll(replaceAll(t, '<YEAR>', String(n.year), 'MIT-0'), '<COPYRIGHT HOLDER>', n.holder, 'MIT-0'),
  'BSD-2-Clause': (t, n) => replaceAll(replaceAll(t, '<year>', String(n.year), 'BSD-2-Clause'), '<owner>', n.holder, 'BSD-2-Clause'),
  'BSD-3-Clause': (t, n) => replaceAll(replaceAll(t, '<year>', String(n.year), 'BSD-3-Clause'), '<owner>', n.holder, 'BSD-3-Clause'),
  '0BSD': (t, n) => replaceAll(t, 'YEAR by AUTHOR EMAIL', `${n.year} by ${n.holder}`, '0BSD'),
  // The SPDX text is ISC's own copy: its two copyright lines and "ISC" in the disclaimer are the variable parts.
  'ISC': (t, n) => replaceAll(
    replaceAll(t, /^Copyright \(c\) .*Internet Systems Consortium.*\r?\nCopyright \(c\) .*Internet Software Consortium.*$/m, `Copyright (c) ${n.year} ${n.holder}`, 'ISC'),
    'AND ISC DISCLAIMS', 'AND THE AUTHOR DISCLAIMS', 'ISC'),
};

function entry(id: string): { name: string; osiApproved: boolean; licenseText: string } {
  const license = spdx[id];
  if (!license) throw new Error(`spdx-license-list has no license ${id}: check src/templates/licenseChoices.json.`);
  return license;
}

/** The offered licenses, in the order of licenseChoices.json (the most common first). */
export function licenses(): LicenseInfo[] {
  return choices.map((id) => {
    const license = entry(id);
    return { id, name: license.name, osiApproved: license.osiApproved, hasNotice: id in NOTICES };
  });
}

/** A license by SPDX id (case-insensitive), among the offered ones. */
export function license(id: string): LicenseInfo | undefined {
  return licenses().find((l) => l.id.toLowerCase() === id.toLowerCase());
}

/** The full text of an offered license, with its copyright notice filled in when it has one; ends with a newline. */
export function licenseText(id: string, notice: Notice): string {
  const info = license(id);
  if (!info) throw new Error(`${id} is not one of the offered licenses.`);
  const raw = entry(info.id).licenseText;
  const filled = NOTICES[info.id]?.(raw, { year: notice.year, holder: notice.holder.trim() }) ?? raw;
  return `${filled.replace(/[ \t]+$/gm, '').replace(/\s+$/, '')}\n`;
}
