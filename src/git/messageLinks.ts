/**
 * Turns Azure Boards and Azure Repos mentions in a commit message into markdown links. Pure logic.
 *
 * - `AB#123` (Azure Boards' mention syntax) → the work item: `{organizationUrl}/{project}/_workitems/edit/123`.
 * - `!123` (Azure Repos' pull request mention) → the pull request: `{repositoryWebUrl}/pullrequest/123`.
 * - `Merged PR 123: …` (the message Azure Repos writes when it completes a pull request) → the same.
 *
 * A mention must stand on its own: `AB#` after a letter or digit (`XAB#1`), `!` after anything but a space or an
 * opening bracket (`a!1`, `!=`), or a number running into letters (`!12abc`) are left alone. Code spans, fenced
 * code blocks, existing markdown links and URLs are never rewritten.
 */

export interface LinkTargets {
  /** e.g. https://dev.azure.com/fabrikam */
  organizationUrl: string;
  project: string;
  /** e.g. https://dev.azure.com/fabrikam/Fiber/_git/web */
  repositoryWebUrl: string;
}

/** Regions that are copied as they are: fenced code, code spans, markdown links, autolinks and bare URLs. */
const PROTECTED = /```[\s\S]*?(?:```|$)|`[^`\n]*`|!?\[[^\]\n]*\]\([^)\n]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|\b[a-z][a-z0-9+.-]*:\/\/[^\s<>()]+/gi;

/** `AB#123`, `!123` and `Merged PR 123`, each only where it stands on its own. */
const MENTION = /(^|[^A-Za-z0-9_])(AB#(\d{1,10}))(?![A-Za-z0-9_])|(^|[\s([{])(!(\d{1,10}))(?![A-Za-z0-9_])|\b(Merged (PR (\d{1,10})))(?![A-Za-z0-9_])/gi;

function trim(url: string): string {
  return url.replace(/\/+$/, '');
}

export function workItemUrl(targets: LinkTargets, id: string): string {
  return `${trim(targets.organizationUrl)}/${encodeURIComponent(targets.project)}/_workitems/edit/${id}`;
}

export function pullRequestUrl(targets: LinkTargets, id: string): string {
  return `${trim(targets.repositoryWebUrl)}/pullrequest/${id}`;
}

/** A link destination markdown cannot misread (parentheses and spaces escaped). */
function destination(url: string): string {
  return url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function linkMentions(text: string, targets: LinkTargets): string {
  return text.replace(MENTION, (match: string, ...groups: (string | undefined)[]) => {
    const [abBefore, abText, abId, prBefore, prText, prId, merged, mergedText, mergedId] = groups;
    if (abText && abId) return `${abBefore ?? ''}[${abText}](${destination(workItemUrl(targets, abId))})`;
    if (prText && prId) return `${prBefore ?? ''}[${prText}](${destination(pullRequestUrl(targets, prId))})`;
    if (merged && mergedText && mergedId) {
      return `${merged.slice(0, merged.length - mergedText.length)}[${mergedText}](${destination(pullRequestUrl(targets, mergedId))})`;
    }
    return match;
  });
}

/** The message with its mentions linked; everything else is unchanged. */
export function linkifyMessage(message: string, targets: LinkTargets): string {
  let out = '';
  let last = 0;
  for (const m of message.matchAll(PROTECTED)) {
    const start = m.index ?? 0;
    out += linkMentions(message.slice(last, start), targets) + m[0];
    last = start + m[0].length;
  }
  return out + linkMentions(message.slice(last), targets);
}
