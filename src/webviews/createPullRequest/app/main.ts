// The "Create Pull Request" form (runs in the webview). The form lives here while the user types; every change is
// saved in the webview state and sent to the extension (which keeps a draft), so nothing typed is lost.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '../../shared/app/base.css';
import './create.css';
import { append, debounce, format, h, icon, pageRenderer } from '../../shared/app/dom';
import { connect } from '../../shared/app/vscode';
import { isCreateForm, parseToWebview, type CreateContext, type CreateForm, type FromWebview, type ToWebview } from '../messages';
import { Fields } from './fields';

interface Saved { form?: CreateForm }
const isSaved = (raw: unknown): raw is Saved => typeof raw === 'object' && raw !== null && ((raw as Saved).form === undefined || isCreateForm((raw as Saved).form));

const ui = {
  form: undefined as CreateForm | undefined,
  context: undefined as CreateContext | undefined,
  busy: undefined as string | undefined,
  failure: undefined as Extract<ToWebview, { type: 'failed' }> | undefined,
  created: undefined as Extract<ToWebview, { type: 'created' }> | undefined,
};

const channel = connect<ToWebview, FromWebview, Saved>(parseToWebview, onMessage, isSaved);
const post = (m: FromWebview): void => channel.post(m);
const sendForm = debounce(() => { if (ui.form) post({ type: 'formChanged', form: ui.form }); }, 250);

/** Every edit: kept in the webview state at once, sent to the extension shortly after. */
function changed(immediate = false): void {
  if (!ui.form) return;
  channel.setState({ form: ui.form });
  if (immediate) post({ type: 'formChanged', form: ui.form });
  else sendForm();
}

const fields = new Fields({ post, changed: () => changed(), structural: () => { changed(true); render(); }, get: () => ui.form });

function onMessage(m: ToWebview): void {
  switch (m.type) {
    case 'init': {
      const saved = channel.getState()?.form;
      const same = saved && saved.sourceRepositoryId === m.form.sourceRepositoryId && saved.sourceBranch === m.form.sourceBranch;
      ui.form = same && !ui.created ? saved : m.form;
      ui.context = m.context;
      ui.created = undefined;
      ui.failure = undefined;
      fields.load(ui.form, m.context);
      if (same) changed(true);
      break;
    }
    case 'context': ui.context = m.context; fields.setContext(m.context); break;
    case 'prefill':
      if (ui.form) { ui.form.title = m.title; ui.form.description = m.description; fields.load(ui.form, ui.context); changed(); }
      break;
    case 'busy': ui.busy = m.action; break;
    case 'identities': fields.showIdentities(m.query, m.results); break;
    case 'workItems': fields.showWorkItems(m.query, m.results); break;
    case 'failed': ui.failure = m; ui.created = undefined; break;
    case 'created': ui.created = m; ui.failure = undefined; channel.setState({}); break;
  }
  render();
}

function banner(kind: 'error' | 'warning' | 'info', content: (Node | string)[], ...actions: HTMLElement[]): HTMLElement {
  return h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    icon(kind === 'error' ? 'error' : kind === 'warning' ? 'warning' : 'info'), h('div', { class: 'grow' }, ...content), ...actions);
}

function button(label: string, onClick: () => void, options: { secondary?: boolean; icon?: string; id?: string } = {}): HTMLElement {
  return h('vscode-button', { secondary: options.secondary, icon: options.icon, id: options.id, disabled: ui.busy !== undefined, onclick: onClick }, label);
}

const render = pageRenderer('app', renderInto);

function renderInto(app: HTMLElement): void {
  app.setAttribute('aria-busy', ui.busy ? 'true' : 'false');
  app.replaceChildren();
  const s = ui.context?.strings ?? {};
  append(app, h('h1', {}, s.heading ?? 'Create a Pull Request'));
  if (ui.created) {
    const c = ui.created;
    append(app, banner('info', [format(s.created, c.id, c.title), ' ', h('a', { href: c.webUrl }, c.webUrl)],
      button(s.open, () => post({ type: 'openPullRequest', id: c.id }), { icon: 'git-pull-request', id: 'open-created' }),
      button(s.openInBrowser, () => post({ type: 'openLink', url: c.webUrl }), { secondary: true, icon: 'link-external' })));
    if (c.notice) append(app, banner('warning', [c.notice]));
    return;
  }
  if (ui.failure) {
    const f = ui.failure;
    append(app, banner('error', [f.message],
      ...(f.existing ? [button(format(s.openExisting, f.existing.id), () => post({ type: 'openPullRequest', id: f.existing!.id }), { icon: 'git-pull-request' })] : []),
      ...(f.canPush && ui.form ? [button(format(s.push, ui.form.sourceBranch), () => post({ type: 'push' }), { icon: 'cloud-upload' })] : []),
      ...(f.steps ?? []).map((st) => button(st.label, () => post({ type: 'step', step: st.step }), { secondary: st.step !== 'retry', id: `step-${st.step}` })),
      h('button', { class: 'linkish', onclick: () => { ui.failure = undefined; render(); } }, s.dismiss ?? 'Dismiss')));
  }
  if (!ui.form || !ui.context) {
    if (!ui.failure) append(app, h('div', { class: 'row muted' }, h('vscode-progress-ring', {}), s.loading ?? 'Loading…'));
    return;
  }
  const ctx = ui.context;
  if (ctx.restored) append(app, banner('info', [s.restored], button(s.startOver, () => post({ type: 'startOver' }), { secondary: true, icon: 'discard' })));
  if (ctx.pushNeeded) append(app, banner('warning', [ctx.pushNeeded], button(format(s.push, ui.form.sourceBranch), () => post({ type: 'push' }), { icon: 'cloud-upload', id: 'push' })));
  if (ui.busy) append(app, h('div', { class: 'row muted', role: 'status' }, h('vscode-progress-ring', {}), ui.busy === 'push' ? s.pushing : s.creating));
  append(app, fields.render(ui.busy !== undefined));
  const form = ui.form;
  append(app, h('div', { class: 'toolbar submit' }, button(form.isDraft ? s.createDraft : s.create, () => {
    if (!ui.form) return;
    if (!ui.form.title.trim()) {
      ui.failure = { type: 'failed', message: s.titleRequired };
      render();
      return;
    }
    post({ type: 'submit', form: ui.form });
  }, { icon: 'git-pull-request-create', id: 'submit' })));
}

render();
post({ type: 'ready' });
