// The pull request details page (runs in the webview). Renders the state the extension sends and posts the user's
// actions back; every message it receives is checked first.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '../../shared/app/base.css';
import './details.css';
import { append, debounce, format, h, icon, pageRenderer } from '../../shared/app/dom';
import { connect } from '../../shared/app/vscode';
import { isCompletionChoice } from '../../shared/protocol';
import { parseToWebview, type CompletionChoice, type DetailsState, type FromWebview, type IdentityItem, type StepButton, type ToWebview } from '../messages';
import { CompletionControls } from './completion';
import { button, page } from './context';
import { completionSection, filesSection, infoSections, reviewersSection, voteSection } from './sections';

/** What the webview state keeps for the pull request shown: the comment being written, the completion choices made. */
interface Saved { id: number; comment: string; completion?: CompletionChoice }

const isSaved = (raw: unknown): raw is Saved => typeof raw === 'object' && raw !== null && typeof (raw as Saved).id === 'number'
  && typeof (raw as Saved).comment === 'string' && ((raw as Saved).completion === undefined || isCompletionChoice((raw as Saved).completion));

let state: DetailsState | undefined;
let error: string | undefined;
/** The next steps offered with the error, as buttons. */
let errorSteps: StepButton[] = [];
let notice: string | undefined;
let results: IdentityItem[] = [];
let query = '';

const channel = connect<ToWebview, FromWebview, Saved>(parseToWebview, onMessage, isSaved);
const post = (message: FromWebview): void => channel.post(message);
page.post = post;
page.render = () => render();

/** Inputs keep their element (focus, caret, typed text) across renders. */
const search = h('vscode-textfield', { placeholder: '', type: 'search' }) as HTMLElement & { value: string; label: string; placeholder: string };
const requiredBox = h('vscode-checkbox', {}) as HTMLElement & { checked: boolean; label: string };
const comment = h('vscode-textarea', { rows: 3, resize: 'vertical' }) as HTMLElement & { value: string; label: string; placeholder: string };
const searchNow = debounce((text: string) => post({ type: 'searchReviewers', query: text }), 300);
search.addEventListener('input', () => {
  query = search.value;
  if (query.trim().length >= 2) searchNow(query.trim());
  else { results = []; render(); }
});
const completion = new CompletionControls(() => save());
comment.addEventListener('input', () => save());

function save(): void {
  if (state) channel.setState({ id: state.id, comment: comment.value, completion: completion.userChoice });
}

/** The state the webview kept for this pull request, if it is the one shown. */
function saved(id: number): Saved | undefined {
  const kept = channel.getState();
  return kept?.id === id ? kept : undefined;
}

function onMessage(message: ToWebview): void {
  switch (message.type) {
    case 'state': {
      state = message.state;
      error = undefined;
      const kept = saved(state.id);
      if (!comment.value) comment.value = kept?.comment ?? '';
      completion.update(state, kept?.completion);
      break;
    }
    case 'busy': page.busy = message.action; break;
    case 'error': error = message.message; errorSteps = message.steps ?? []; notice = undefined; break;
    case 'notice': notice = message.message; break;
    case 'reviewerResults': if (message.query === query.trim()) results = message.results; break;
  }
  render();
}

function banner(kind: 'error' | 'warning' | 'info', text: string, dismiss?: () => void, steps: StepButton[] = []): HTMLElement {
  const s = state?.strings ?? {};
  return h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    icon(kind === 'error' ? 'error' : kind === 'warning' ? 'warning' : 'info'), h('div', { class: 'grow' }, text),
    ...steps.map((st, i) => button(st.label, () => post({ type: 'step', step: st.step }), { secondary: i > 0, id: `step-${st.step}` })),
    dismiss ? h('button', { class: 'linkish', onclick: dismiss }, s.dismiss ?? 'Dismiss') : undefined);
}

function header(st: DetailsState): HTMLElement {
  const s = st.strings;
  const badge = h('vscode-badge', { variant: 'default', class: `status-${st.isDraft && st.status === 'active' ? 'draft' : st.status}` }, st.statusLabel);
  return h('header', {},
    h('h1', {}, h('span', { class: 'muted' }, `#${st.id} `), st.title),
    h('div', { class: 'row muted' }, badge, format(s.wantsToMerge, st.createdBy, st.sourceBranch, st.targetBranch), ` · ${st.repository}`,
      ...st.labels.map((l) => h('span', { class: 'chip label' }, l))),
    h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': st.title },
      button(s.refresh, () => post({ type: 'refresh' }), { secondary: true, icon: 'refresh' }),
      button(s.openInBrowser, () => post({ type: 'openInBrowser' }), { secondary: true, icon: 'link-external' }),
      button(s.copyLink, () => post({ type: 'copyLink' }), { secondary: true, icon: 'copy' }),
      st.checkedOut
        ? h('span', { class: 'row muted' }, icon('check'), s.checkedOut)
        : button(s.checkout, () => post({ type: 'checkout' }), { secondary: true, icon: 'git-branch', disabled: st.status !== 'active' })));
}

const render = pageRenderer('app', renderInto);

function renderInto(app: HTMLElement): void {
  app.setAttribute('aria-busy', page.busy ? 'true' : 'false');
  app.replaceChildren();
  if (!state) {
    append(app, error ? banner('error', error, undefined, errorSteps) : h('div', { class: 'row muted' }, h('vscode-progress-ring', {}), 'Loading…'));
    return;
  }
  const st = state;
  const s = st.strings;
  search.label = s.searchPeople;
  search.placeholder = s.searchPeople;
  requiredBox.label = s.addAsRequired;
  comment.label = s.addComment;
  comment.placeholder = s.commentPlaceholder;
  append(app, header(st));
  if (page.busy) append(app, h('div', { class: 'row muted', role: 'status' }, h('vscode-progress-ring', {}), s.working));
  if (error) append(app, banner('error', error, () => { error = undefined; errorSteps = []; render(); }, errorSteps));
  if (notice) append(app, banner('info', notice, () => { notice = undefined; render(); }));
  if (st.mergeProblem) append(app, banner('warning', st.mergeProblem));
  if (st.isDraft && st.status === 'active') append(app, banner('info', s.draftNote));
  if (st.problems.length > 0) append(app, banner('warning', `${s.problems} ${st.problems.join('; ')}`));
  const description = h('div', { class: 'markdown' });
  // The extension renders the markdown with HTML disabled and only http(s)/mailto links.
  if (st.descriptionHtml) description.innerHTML = st.descriptionHtml;
  else append(description, h('p', { class: 'muted' }, s.noDescription));
  append(app,
    h('section', { class: 'section', 'aria-labelledby': 'description-title' }, h('h2', { id: 'description-title' }, s.description), description),
    reviewersSection(st, { search, requiredBox, results, query, clear: clearSearch }),
    voteSection(st),
    completionSection(st, completion),
    ...infoSections(st, comment),
    filesSection(st));
  for (const task of page.afterRender.splice(0)) task();
}

// Links in the rendered description open through the extension (in the browser), never inside the webview.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!target) return;
  event.preventDefault();
  const href = target.getAttribute('href') ?? '';
  if (/^https?:\/\//i.test(href)) post({ type: 'openLink', url: href });
});

function clearSearch(): void {
  query = '';
  results = [];
  page.afterRender.push(() => {
    search.value = '';
    requiredBox.checked = false;
  });
  render();
}

render();
post({ type: 'ready' });
