// The fields of the create form. Inputs are created once and kept across renders, so focus, caret and typed text
// survive; lists (reviewers, work items, labels, search results) are rebuilt from the form.
import { debounce, format, h, icon } from '../../shared/app/dom';
import type { CreateContext, CreateForm, FromWebview, IdentityItem, RepositoryOption, WorkItemChoice } from '../messages';

type Input = HTMLElement & { value: string; label: string; placeholder: string; disabled: boolean };
type Check = HTMLElement & { checked: boolean; label: string; disabled: boolean };
type Select = HTMLElement & { value: string; disabled: boolean; combobox: boolean };

interface Host {
  post(m: FromWebview): void;
  /** A text edit. */
  changed(): void;
  /** A change that alters the page (lists, branches, options). */
  structural(): void;
  get(): CreateForm | undefined;
}

export class Fields {
  private context?: CreateContext;
  private readonly title = h('vscode-textfield', { id: 'title' }) as Input;
  private readonly description = h('vscode-textarea', { id: 'description', rows: 10, resize: 'vertical' }) as Input;
  private readonly reviewerSearch = h('vscode-textfield', { id: 'reviewer-search', type: 'search' }) as Input;
  private readonly workItemSearch = h('vscode-textfield', { id: 'workitem-search', type: 'search' }) as Input;
  private readonly labelInput = h('vscode-textfield', { id: 'label-input' }) as Input;
  private identities: IdentityItem[] = [];
  private workItems: WorkItemChoice[] = [];
  private reviewerQuery = '';
  private workItemQuery = '';

  constructor(private readonly host: Host) {
    this.title.addEventListener('input', () => this.edit((f) => { f.title = this.title.value; }));
    this.description.addEventListener('input', () => this.edit((f) => { f.description = this.description.value; }));
    const searchReviewers = debounce((q: string) => host.post({ type: 'searchReviewers', query: q }), 300);
    this.reviewerSearch.addEventListener('input', () => {
      this.reviewerQuery = this.reviewerSearch.value.trim();
      if (this.reviewerQuery.length >= 2) searchReviewers(this.reviewerQuery);
      else { this.identities = []; host.structural(); }
    });
    const searchWorkItems = debounce((q: string) => host.post({ type: 'searchWorkItems', query: q }), 300);
    this.workItemSearch.addEventListener('input', () => {
      this.workItemQuery = this.workItemSearch.value.trim();
      if (this.workItemQuery.length >= 1) searchWorkItems(this.workItemQuery);
      else { this.workItems = []; host.structural(); }
    });
    this.labelInput.addEventListener('keydown', (e: Event) => {
      if ((e as KeyboardEvent).key !== 'Enter') return;
      e.preventDefault();
      const name = this.labelInput.value.trim();
      const form = host.get();
      if (!name || !form || form.labels.some((l) => l.toLowerCase() === name.toLowerCase())) return;
      form.labels.push(name);
      host.structural();
      // Set after the re-render: an input moved in the page would otherwise show its old text again.
      this.labelInput.value = '';
    });
  }

  private edit(apply: (form: CreateForm) => void): void {
    const form = this.host.get();
    if (!form) return;
    apply(form);
    this.host.changed();
  }

  /** Puts the form's values into the inputs (init, prefill, restored draft). */
  load(form: CreateForm, context: CreateContext | undefined): void {
    this.context = context;
    this.title.value = form.title;
    this.description.value = form.description;
  }

  setContext(context: CreateContext): void {
    this.context = context;
  }

  showIdentities(query: string, results: IdentityItem[]): void {
    if (query !== this.reviewerQuery) return;
    const chosen = new Set(this.host.get()?.reviewers.map((r) => r.id));
    this.identities = results.filter((r) => !chosen.has(r.id));
  }

  showWorkItems(query: string, results: WorkItemChoice[]): void {
    if (query !== this.workItemQuery) return;
    const chosen = new Set(this.host.get()?.workItems.map((w) => w.id));
    this.workItems = results.filter((w) => !chosen.has(w.id));
  }

  render(busy: boolean): HTMLElement {
    const form = this.host.get();
    const ctx = this.context;
    if (!form || !ctx) return h('div');
    const s = ctx.strings;
    for (const el of [this.title, this.description, this.reviewerSearch, this.workItemSearch, this.labelInput]) el.disabled = busy;
    this.title.label = s.title;
    this.description.label = s.description;
    this.reviewerSearch.label = s.searchReviewers;
    this.reviewerSearch.placeholder = s.searchReviewers;
    this.workItemSearch.label = s.searchWorkItems;
    this.workItemSearch.placeholder = s.searchWorkItems;
    this.labelInput.label = s.addLabel;
    this.labelInput.placeholder = s.addLabel;
    return h('div', { class: 'form' },
      this.branches(form, ctx, busy),
      field(s.title, 'title', this.title),
      field(s.description, 'description', this.description, h('div', { class: 'muted' }, ctx.template ? format(s.template, ctx.template) : s.descriptionHint)),
      this.reviewers(form, s),
      this.workItemsField(form, s),
      this.labels(form, s),
      this.options(form, ctx, busy));
  }

  private select(id: string, label: string, options: string[], value: string, busy: boolean, onChange: (v: string) => void, labels?: Map<string, string>): HTMLElement {
    const el = h('vscode-single-select', { id, 'aria-label': label, combobox: options.length > 8 },
      ...options.map((o) => h('vscode-option', { value: o, selected: o === value }, labels?.get(o) ?? o))) as Select;
    el.disabled = busy;
    el.addEventListener('change', () => onChange(el.value));
    return el;
  }

  private branches(form: CreateForm, ctx: CreateContext, busy: boolean): HTMLElement {
    const s = ctx.strings;
    const target: RepositoryOption = ctx.targetRepositories.find((r) => r.id === form.targetRepositoryId) ?? ctx.targetRepositories[0] ?? ctx.sourceRepository;
    const source = this.select('source-branch', s.sourceBranch, ctx.sourceRepository.branches, form.sourceBranch, busy, (v) => {
      form.sourceBranch = v;
      this.host.structural();
    });
    const repos = ctx.targetRepositories.length > 1 ? this.select('target-repository', s.targetRepository, ctx.targetRepositories.map((r) => r.id), target.id, busy, (v) => {
      form.targetRepositoryId = v;
      const repo = ctx.targetRepositories.find((r) => r.id === v);
      form.targetBranch = repo?.defaultBranch ?? repo?.branches[0] ?? '';
      this.host.structural();
    }, new Map(ctx.targetRepositories.map((r) => [r.id, r.label]))) : h('span', { class: 'muted' }, target.label);
    const targetBranch = this.select('target-branch', s.targetBranch, target.branches, form.targetBranch, busy, (v) => {
      form.targetBranch = v;
      this.host.structural();
    });
    return h('div', { class: 'branches' },
      h('div', { class: 'field' }, h('label', {}, s.from), h('span', { class: 'muted' }, ctx.sourceRepository.label), source),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, icon('arrow-right')),
      h('div', { class: 'field' }, h('label', {}, s.into), repos, targetBranch));
  }

  private reviewers(form: CreateForm, s: Record<string, string>): HTMLElement {
    const chips = h('div', { class: 'chips', role: 'list', 'aria-label': s.reviewers }, ...form.reviewers.map((r) => {
      const required = h('vscode-checkbox', { checked: r.isRequired, label: s.required }) as Check;
      required.addEventListener('change', () => { r.isRequired = required.checked; this.host.structural(); });
      return h('div', { class: 'chip reviewer', role: 'listitem', 'data-id': r.id },
        icon(r.isGroup ? 'organization' : 'account'), r.displayName, required,
        h('button', { 'aria-label': format(s.remove, r.displayName), onclick: () => { form.reviewers = form.reviewers.filter((x) => x.id !== r.id); this.host.structural(); } }, icon('close')));
    }));
    const results = this.identities.length > 0 ? h('div', { class: 'results', role: 'listbox', 'aria-label': s.searchReviewers }, ...this.identities.map((r) => h('button', {
      role: 'option', 'data-id': r.id,
      onclick: () => {
        form.reviewers.push({ ...r, isRequired: false });
        this.identities = [];
        this.reviewerQuery = '';
        this.host.structural();
        this.reviewerSearch.value = '';
      },
    }, icon(r.isGroup ? 'organization' : 'account'), r.displayName, r.uniqueName ? h('span', { class: 'muted' }, r.uniqueName) : undefined))) : undefined;
    return field(s.reviewers, 'reviewer-search', chips, this.reviewerSearch, results);
  }

  private workItemsField(form: CreateForm, s: Record<string, string>): HTMLElement {
    const chips = h('div', { class: 'chips', role: 'list', 'aria-label': s.workItems }, ...form.workItems.map((w) => h('div', { class: 'chip workitem', role: 'listitem', 'data-id': String(w.id) },
      icon(w.type.toLowerCase() === 'bug' ? 'bug' : 'tasklist'), `${w.id}: ${w.title}`,
      h('button', { 'aria-label': format(s.remove, `${w.id}`), onclick: () => { form.workItems = form.workItems.filter((x) => x.id !== w.id); this.host.structural(); } }, icon('close')))));
    const results = this.workItems.length > 0 ? h('div', { class: 'results', role: 'listbox', 'aria-label': s.searchWorkItems }, ...this.workItems.map((w) => h('button', {
      role: 'option', 'data-id': String(w.id),
      onclick: () => {
        form.workItems.push(w);
        this.workItems = [];
        this.workItemQuery = '';
        this.host.structural();
        this.workItemSearch.value = '';
      },
    }, icon(w.type.toLowerCase() === 'bug' ? 'bug' : 'tasklist'), `${w.type} ${w.id}: ${w.title}`, h('span', { class: 'muted' }, w.state)))) : undefined;
    return field(s.workItems, 'workitem-search', chips, this.workItemSearch, results);
  }

  private labels(form: CreateForm, s: Record<string, string>): HTMLElement {
    const chips = h('div', { class: 'chips', role: 'list', 'aria-label': s.labels }, ...form.labels.map((l) => h('div', { class: 'chip label', role: 'listitem' }, l,
      h('button', { 'aria-label': format(s.remove, l), onclick: () => { form.labels = form.labels.filter((x) => x !== l); this.host.structural(); } }, icon('close')))));
    return field(s.labels, 'label-input', chips, this.labelInput);
  }

  private options(form: CreateForm, ctx: CreateContext, busy: boolean): HTMLElement {
    const s = ctx.strings;
    const check = (id: string, label: string, value: boolean, apply: (v: boolean) => void): HTMLElement => {
      const el = h('vscode-checkbox', { id, checked: value, label }) as Check;
      el.disabled = busy;
      el.addEventListener('change', () => { apply(el.checked); this.host.structural(); });
      return el;
    };
    const auto = form.autoComplete && !form.isDraft ? h('div', { class: 'indent' },
      h('div', { class: 'field' }, h('label', {}, s.mergeStrategy), this.select('merge-strategy', s.mergeStrategy, ctx.mergeStrategies.map((m) => m.value), form.mergeStrategy, busy,
        (v) => { form.mergeStrategy = v as CreateForm['mergeStrategy']; this.host.structural(); }, new Map(ctx.mergeStrategies.map((m) => [m.value, m.label])))),
      check('delete-source', s.deleteSourceBranch, form.deleteSourceBranch, (v) => { form.deleteSourceBranch = v; }),
      check('transition', s.transitionWorkItems, form.transitionWorkItems, (v) => { form.transitionWorkItems = v; })) : undefined;
    return h('fieldset', { class: 'options' }, h('legend', {}, s.options),
      check('draft', s.draft, form.isDraft, (v) => { form.isDraft = v; }),
      form.isDraft ? undefined : check('auto-complete', s.autoComplete, form.autoComplete, (v) => { form.autoComplete = v; }), auto);
  }
}

function field(label: string, forId: string, ...children: (HTMLElement | undefined)[]): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: forId }, label), ...children);
}
