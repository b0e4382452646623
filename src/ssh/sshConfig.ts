/**
 * Planning a change to `~/.ssh/config` so that Azure Repos gets one key: an entry for ssh.dev.azure.com (and the
 * legacy vs-ssh.visualstudio.com) with `IdentityFile` and `IdentitiesOnly yes`. Pure text in, text out; the
 * caller backs the file up and writes it. Nothing already there is changed or removed: an entry that already
 * gives these hosts another key is reported as a conflict and the file is left alone.
 *
 * ssh_config(5): "the first obtained value for each parameter is used", and host-specific entries belong before
 * general defaults. So the new entry goes before the first `Host *` (or `Match`) entry when there is one, after
 * everything above it (options before the first `Host` line apply to every host and stay where they are);
 * otherwise it is appended at the end. `IdentityFile` values add up across entries, so ours must come first:
 * Azure DevOps takes the first key that is offered.
 */

export const AZURE_SSH_HOSTS: readonly string[] = ['ssh.dev.azure.com', 'vs-ssh.visualstudio.com'];

export interface ConfigConflict {
  host: string;
  /** 1-based line of the `Host`/`Match` line of the conflicting entry. */
  line: number;
  /** That line as written. */
  entry: string;
  /** The other key it names, when it names one. */
  identityFile?: string;
}

export type ConfigPlan =
  /** Every host already uses this key: nothing to write. */
  | { kind: 'unchanged' }
  /** `text` is the whole new file; `hosts` got the new entry; `line` is where it starts (1-based). */
  | { kind: 'update'; text: string; hosts: string[]; line: number }
  /** Entries that give these hosts another key (or a `Match` that may): reported, nothing written. */
  | { kind: 'conflict'; conflicts: ConfigConflict[] };

export interface PlanOptions {
  /** The user's home directory, for `~` and `%d` in IdentityFile values. */
  homeDir: string;
  /** Compare paths case-insensitively (Windows). */
  caseInsensitivePaths?: boolean;
  /** Shown in the comment above the new entry, e.g. 2026-11-21. */
  date: string;
}

interface Block {
  kind: 'global' | 'host' | 'match';
  /** 0-based index of its first line (the Host/Match line). */
  start: number;
  line: string;
  patterns: string[];
  identityFiles: string[];
}

/** `Keyword value`, `Keyword=value` or `Keyword = value`; undefined for blank and comment lines. */
function parseLine(raw: string): { keyword: string; args: string[] } | undefined {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return undefined;
  const match = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
  const keyword = (match?.[1] ?? line).toLowerCase();
  const rest = match?.[2] ?? '';
  const args: string[] = [];
  for (const token of rest.matchAll(/"([^"]*)"|(\S+)/g)) args.push(token[1] ?? token[2] ?? '');
  return { keyword, args };
}

function parseBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [{ kind: 'global', start: 0, line: '', patterns: [], identityFiles: [] }];
  lines.forEach((raw, index) => {
    const parsed = parseLine(raw);
    if (!parsed) return;
    if (parsed.keyword === 'host' || parsed.keyword === 'match') {
      blocks.push({ kind: parsed.keyword, start: index, line: raw.trim(), patterns: parsed.args, identityFiles: [] });
    } else if (parsed.keyword === 'identityfile' && parsed.args[0] !== undefined) {
      blocks[blocks.length - 1]?.identityFiles.push(parsed.args[0]);
    }
  });
  return blocks;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Whether a Host line's patterns select `host` (a negated pattern that matches wins, as in ssh). */
export function hostMatches(patterns: readonly string[], host: string): boolean {
  let matched = false;
  for (const list of patterns) {
    for (const pattern of list.split(',')) {
      if (!pattern) continue;
      const negated = pattern.startsWith('!');
      if (globToRegExp(negated ? pattern.slice(1) : pattern).test(host)) {
        if (negated) return false;
        matched = true;
      }
    }
  }
  return matched;
}

function isGeneral(block: Block): boolean {
  return block.kind === 'match' || (block.kind === 'host' && block.patterns.some((p) => p.split(',').includes('*')));
}

/** An IdentityFile value as a comparable path: `~` and `%d` expanded, separators unified. */
function normalizePath(value: string, options: PlanOptions): string {
  const home = options.homeDir.replace(/\\/g, '/').replace(/\/+$/, '');
  let p = value.replace(/\\/g, '/');
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  p = p.replace(/%d/g, home).replace(/%%/g, '%').replace(/\/{2,}/g, '/');
  return options.caseInsensitivePaths ? p.toLowerCase() : p;
}

/** How the key is written in the config: `~/.ssh/name` inside the home directory, quoted when it has spaces. */
export function configPath(identityFile: string, homeDir: string): string {
  const home = homeDir.replace(/\\/g, '/').replace(/\/+$/, '');
  let p = identityFile.replace(/\\/g, '/');
  if (p.startsWith(`${home}/`)) p = `~${p.slice(home.length)}`;
  return /\s/.test(p) ? `"${p}"` : p;
}

/** The change that makes ssh use `identityFile` (an absolute path) for Azure Repos, given the current file (or none). */
export function planSshConfig(existing: string | undefined, identityFile: string, options: PlanOptions): ConfigPlan {
  const text = existing ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.length === 0 ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const blocks = parseBlocks(lines);
  const ours = normalizePath(identityFile, options);

  const conflicts: ConfigConflict[] = [];
  const needed: string[] = [];
  for (const host of AZURE_SSH_HOSTS) {
    let configured = false;
    for (const block of blocks) {
      if (block.kind === 'match') {
        if (block.line.toLowerCase().includes(host)) conflicts.push({ host, line: block.start + 1, entry: block.line });
        continue;
      }
      if (block.kind !== 'host' || isGeneral(block) || !hostMatches(block.patterns, host)) continue;
      for (const file of block.identityFiles) {
        if (normalizePath(file, options) === ours) configured = true;
        else conflicts.push({ host, line: block.start + 1, entry: block.line, identityFile: file });
      }
    }
    if (!configured) needed.push(host);
  }
  if (conflicts.length > 0) return { kind: 'conflict', conflicts };
  if (needed.length === 0) return { kind: 'unchanged' };

  const entry = [
    `# Azure Repos over SSH: the key from Azure DevOps for VS Code (${options.date})`,
    `Host ${needed.join(' ')}`,
    `  IdentityFile ${configPath(identityFile, options.homeDir)}`,
    '  IdentitiesOnly yes',
  ];
  const general = blocks.find((b) => b.kind !== 'global' && isGeneral(b));
  let at = general ? general.start : lines.length;
  // Comment lines right above the general entry describe it: keep them with it.
  while (general && at > 0 && /^\s*#/.test(lines[at - 1] ?? '')) at--;
  // Every existing line stays as it was; blank lines separate the new entry from its neighbours.
  const before = lines.slice(0, at);
  const after = lines.slice(at);
  const blankBefore = before.length > 0 && (before[before.length - 1] ?? '').trim() !== '' ? [''] : [];
  const blankAfter = after.length > 0 && (after[0] ?? '').trim() !== '' ? [''] : [];
  const output = [...before, ...blankBefore, ...entry, ...blankAfter, ...after];
  return { kind: 'update', text: `${output.join(eol)}${eol}`, hosts: needed, line: before.length + blankBefore.length + 1 };
}
