// Sections of the details page: reviewers, vote, completion, policies/checks/work items/commits/comments, files.
import { format, h, icon, section } from '../../shared/app/dom';
import type { CompletionChoice, DetailsState, IdentityItem, PendingSection, VoteValue } from '../messages';
import type { CompletionControls } from './completion';
import { button, page } from './context';

const VOTE_ICONS: Record<string, { name: string; cls: string }> = {
  '10': { name: 'pass-filled', cls: 'ok' }, '5': { name: 'pass', cls: 'ok' }, '0': { name: 'circle-large-outline', cls: 'muted' },
  '-5': { name: 'clock', cls: 'wait' }, '-10': { name: 'error', cls: 'bad' },
};

export function reviewersSection(st: DetailsState, f: {
  search: HTMLElement; requiredBox: HTMLElement; results: IdentityItem[]; query: string; clear: () => void;
}): HTMLElement {
  const s = st.strings;
  const list = h('ul', { class: 'list', 'aria-label': s.reviewers });
  for (const r of st.reviewers) {
    const v = VOTE_ICONS[String(r.vote)] ?? VOTE_ICONS['0'];
    list.append(h('li', { 'data-reviewer': r.id },
      h('span', { class: v.cls }, icon(v.name, r.voteLabel)),
      icon(r.isGroup ? 'organization' : 'account'),
      h('span', { class: 'grow' }, r.displayName, ' ', h('span', { class: 'muted' }, `· ${r.voteLabel}`)),
      r.isRequired ? h('vscode-badge', { variant: 'default' }, s.required) : h('span', { class: 'muted' }, s.optional),
      st.can.editReviewers ? h('button', {
        class: 'linkish', 'aria-label': `${s.remove} ${r.displayName}`, disabled: page.busy !== undefined,
        onclick: () => page.post({ type: 'removeReviewer', id: r.id }),
      }, s.remove) : undefined));
  }
  if (st.reviewers.length === 0) list.append(h('li', { class: 'muted' }, s.noReviewers));
  const add = st.can.editReviewers ? h('div', { class: 'field', role: 'search' },
    h('label', {}, s.addReviewer), f.search, f.requiredBox,
    f.results.length > 0 ? h('div', { class: 'results', role: 'listbox', 'aria-label': s.searchPeople }, ...f.results.map((r) => h('button', {
      role: 'option', 'data-identity': r.id,
      onclick: () => {
        const isRequired = (f.requiredBox as HTMLElement & { checked: boolean }).checked;
        f.clear();
        page.post({ type: 'addReviewer', reviewer: r, isRequired });
      },
    }, icon(r.isGroup ? 'organization' : 'account'), r.displayName, r.uniqueName ? h('span', { class: 'muted' }, r.uniqueName) : undefined))) : undefined) : undefined;
  return section(s.reviewers, 'reviewers', list, add);
}

export function voteSection(st: DetailsState): HTMLElement | undefined {
  if (!st.can.vote) return undefined;
  const s = st.strings;
  const options: { vote: VoteValue; label: string; icon: string }[] = [
    { vote: 10, label: s.approve, icon: 'pass-filled' }, { vote: 5, label: s.approveWithSuggestions, icon: 'pass' },
    { vote: -5, label: s.waitForAuthor, icon: 'clock' }, { vote: -10, label: s.reject, icon: 'error' }, { vote: 0, label: s.resetVote, icon: 'discard' },
  ];
  return section(s.yourVote, 'vote', h('div', { class: 'toolbar', role: 'group', 'aria-label': s.yourVote },
    ...options.map((o) => button(o.label, () => page.post({ type: 'vote', vote: o.vote }), {
      icon: o.icon, secondary: o.vote === 0 || st.myVote !== o.vote, disabled: o.vote === 0 && st.myVote === 0,
    }))));
}

export function completionSection(st: DetailsState, controls: CompletionControls): HTMLElement | undefined {
  const s = st.strings;
  if (st.status !== 'active') {
    return st.can.reactivate ? section(s.reactivate, 'reactivate', h('div', { class: 'toolbar' }, button(s.reactivate, () => page.post({ type: 'reactivate' }), { icon: 'debug-restart' }))) : undefined;
  }
  const withChoice = (post: (options: CompletionChoice) => void) => () => { const options = controls.choice; if (options) post(options); };
  const actions = h('div', { class: 'toolbar' },
    st.can.publish ? button(s.publish, () => page.post({ type: 'publish' }), { icon: 'eye' }) : undefined,
    st.can.complete ? button(s.complete, withChoice((options) => page.post({ type: 'complete', options })), { icon: 'git-merge' }) : undefined,
    st.can.autoComplete ? (st.autoComplete
      ? button(s.cancelAutoComplete, withChoice((options) => page.post({ type: 'setAutoComplete', enabled: false, options })), { secondary: true, icon: 'circle-slash' })
      : button(s.setAutoComplete, withChoice((options) => page.post({ type: 'setAutoComplete', enabled: true, options })), { secondary: true, icon: 'watch' })) : undefined,
    st.can.abandon ? button(s.abandon, () => page.post({ type: 'abandon' }), { secondary: true, icon: 'close' }) : undefined);
  return section(s.completeTitle, 'complete',
    st.autoComplete ? h('p', { class: 'row' }, icon('watch'), format(s.autoCompleteOn, st.autoComplete.setBy)) : undefined,
    h('div', { class: 'field' }, h('label', { for: 'merge-strategy' }, s.mergeStrategy), controls.strategy), controls.deleteBranch, h('br'), controls.transition, actions);
}

/** A section whose content is still loading: its title, and a progress ring in place of its list. */
function loadingSection(st: DetailsState, title: string, id: PendingSection, ...after: (HTMLElement | undefined)[]): HTMLElement {
  const el = section(title, id.toLowerCase(), h('div', { class: 'row muted', role: 'status' }, h('vscode-progress-ring', {}), st.strings.loading), ...after);
  el.setAttribute('aria-busy', 'true');
  return el;
}

const isPending = (st: DetailsState, id: PendingSection): boolean => st.pending.includes(id);

export function infoSections(st: DetailsState, comment: HTMLElement & { value: string }): HTMLElement[] {
  const s = st.strings;
  const policies = h('ul', { class: 'list', 'aria-label': s.policies },
    ...st.policies.map((p) => h('li', {}, h('span', { class: p.ok ? 'ok' : 'bad' }, icon(p.ok ? 'pass-filled' : 'error', p.statusLabel)), h('span', { class: 'grow' }, p.name), h('span', { class: 'muted' }, p.statusLabel))),
    ...st.checks.map((c) => h('li', {}, h('span', { class: c.ok ? 'ok' : c.state === 'pending' ? 'wait' : 'bad' }, icon(c.ok ? 'pass-filled' : c.state === 'pending' ? 'clock' : 'error', c.state)),
      h('span', { class: 'grow' }, c.name, c.description ? h('span', { class: 'muted' }, ` · ${c.description}`) : undefined))));
  if (st.policies.length + st.checks.length === 0) policies.append(h('li', { class: 'muted' }, s.noPolicies));
  const workItems = h('ul', { class: 'list', 'aria-label': s.workItems }, ...st.workItems.map((w) => h('li', {},
    icon(w.type.toLowerCase() === 'bug' ? 'bug' : 'tasklist'),
    h('button', { class: 'linkish grow', onclick: () => page.post({ type: 'openWorkItem', id: w.id }) }, `${w.type} ${w.id}: ${w.title}`),
    h('span', { class: 'muted' }, w.state))));
  if (st.workItems.length === 0) workItems.append(h('li', { class: 'muted' }, s.noWorkItems));
  const commits = h('ul', { class: 'list', 'aria-label': s.commits }, ...st.commits.map((c) => h('li', {},
    icon('git-commit'), h('code', {}, c.id.slice(0, 8)), h('span', { class: 'grow' }, c.message), h('span', { class: 'muted' }, c.author))));
  const comments = h('ul', { class: 'list comments', 'aria-label': s.comments }, ...st.comments.map((c) => h('li', {},
    icon('comment'), h('span', { class: 'grow' }, h('strong', {}, c.author), ' ', c.content))));
  const commentBox = st.status === 'active' ? h('div', { class: 'field' }, comment, h('div', { class: 'toolbar' },
    button(s.addComment, () => {
      const text = comment.value.trim();
      if (!text) return;
      page.afterRender.push(() => { comment.value = ''; });
      page.post({ type: 'addComment', text });
    }, { secondary: true, icon: 'comment' }))) : undefined;
  return [
    isPending(st, 'policies') ? loadingSection(st, s.policies, 'policies') : section(s.policies, 'policies', policies),
    isPending(st, 'workItems') ? loadingSection(st, s.workItems, 'workItems') : section(s.workItems, 'workitems', workItems),
    isPending(st, 'commits') ? loadingSection(st, s.commits, 'commits') : section(`${s.commits} (${st.commits.length})`, 'commits', commits),
    isPending(st, 'comments') ? loadingSection(st, s.comments, 'comments', commentBox)
      : section(`${s.comments} (${st.comments.length})`, 'comments', comments, commentBox),
  ];
}

/**
 * The list of changed files last built, with the files it shows: a render for anything but new details (an action
 * running, a notice, reviewer search results) shows the same list again instead of building its rows (a thousand in
 * a large pull request) anew.
 */
let filesShown: { files: DetailsState['files']; list: HTMLElement } | undefined;

export function filesSection(st: DetailsState): HTMLElement {
  const s = st.strings;
  if (isPending(st, 'files')) return loadingSection(st, s.files, 'files');
  if (filesShown?.files !== st.files) filesShown = { files: st.files, list: filesList(st) };
  return section(`${s.files} (${st.files.length})`, 'files', filesShown.list);
}

function filesList(st: DetailsState): HTMLElement {
  const s = st.strings;
  const icons: Record<string, string> = { add: 'diff-added', edit: 'diff-modified', delete: 'diff-removed', rename: 'diff-renamed' };
  const list = h('ul', { class: 'list', 'aria-label': s.files }, ...st.files.map((f) => h('li', {},
    icon(icons[f.changeType] ?? 'file', s[f.changeType] ?? f.changeType),
    h('button', { class: 'linkish grow', 'data-path': f.path, onclick: () => page.post({ type: 'openFile', path: f.path }) }, f.path.replace(/^\//, '')),
    h('span', { class: 'muted' }, f.originalPath ? `← ${f.originalPath.replace(/^\//, '')}` : s[f.changeType] ?? f.changeType))));
  if (st.files.length === 0) list.append(h('li', { class: 'muted' }, s.noFiles));
  return list;
}
