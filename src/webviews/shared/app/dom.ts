/** Building DOM without innerHTML (except the sanitized markdown the extension renders) and without inline handlers. */
type Child = Node | string | undefined | null | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'class') el.className = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A codicon (decorative, hidden from screen readers). */
export function icon(name: string, label?: string): HTMLElement {
  const el = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': label ? undefined : 'true', role: label ? 'img' : undefined, 'aria-label': label });
  return el;
}

/** `{0}` placeholders filled in. */
export function format(template: string, ...values: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(values[Number(i)] ?? ''));
}

/** A debounced function: runs `delay` ms after the last call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, delay: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; fn(...args); }, delay);
  };
}

export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'section', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

/** Where the keyboard focus was: an element's id or data key, else its tag, text and place among its likes. */
interface FocusKey { selector: string; text?: string; index: number }

const DATA_KEYS = ['data-path', 'data-reviewer', 'data-identity'];

function focusKeyOf(el: HTMLElement, root: HTMLElement): FocusKey {
  if (el.id) return { selector: `#${CSS.escape(el.id)}`, index: 0 };
  const data = DATA_KEYS.find((name) => el.hasAttribute(name));
  if (data) return { selector: `[${data}="${CSS.escape(el.getAttribute(data) ?? '')}"]`, index: 0 };
  const selector = el.tagName.toLowerCase();
  const text = el.textContent?.trim() ?? '';
  const likes = [...root.querySelectorAll<HTMLElement>(selector)].filter((e) => (e.textContent?.trim() ?? '') === text);
  return { selector, text, index: Math.max(0, likes.indexOf(el)) };
}

function findByFocusKey(root: HTMLElement, key: FocusKey): HTMLElement | undefined {
  const found = [...root.querySelectorAll<HTMLElement>(key.selector)].filter((e) => key.text === undefined || (e.textContent?.trim() ?? '') === key.text);
  return found[key.index];
}

/**
 * A page that renders by building its content anew keeps the keyboard focus where it was: after each render the
 * element in the place of the focused one (the same id, data key, or label) gets the focus back, so a keyboard or
 * screen reader user is not thrown back to the top of the page by an update. When a render leaves nothing to focus
 * (the button pressed is disabled while its action runs), a later render gives the focus back, unless the user has
 * put it somewhere meanwhile.
 */
function keepingFocus(root: HTMLElement): (render: () => void) => void {
  let wanted: FocusKey | undefined;
  let restoring = false;
  const forget = (): void => { if (!restoring) wanted = undefined; };
  root.ownerDocument.addEventListener('pointerdown', forget, true);
  root.ownerDocument.addEventListener('focusin', forget, true);
  let caret: { start: number | null; end: number | null; direction: 'forward' | 'backward' | 'none' | null } | undefined;
  return (render) => {
    const active = root.ownerDocument.activeElement;
    if (active instanceof HTMLElement && active !== root && root.contains(active)) {
      wanted = focusKeyOf(active, root);
      // A text box inside a web component: focusing the component again selects all its text, unless told otherwise.
      const field = innermostFocus(active);
      caret = field ? { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection } : undefined;
    } else if (active && active !== root.ownerDocument.body) {
      wanted = undefined;
    }
    render();
    if (!wanted || restore()) return;
    // A web component made in this render becomes focusable when it first updates (its tabindex is set then).
    setTimeout(() => { if (wanted && root.ownerDocument.activeElement === root.ownerDocument.body) restore(); }, 0);
  };

  function restore(): boolean {
    const target = wanted && findByFocusKey(root, wanted);
    if (!target || target.hasAttribute('disabled')) return false;
    restoring = true;
    try { target.focus(); } finally { restoring = false; }
    if (root.ownerDocument.activeElement !== target) return false;
    const field = innermostFocus(target);
    if (field && caret) field.setSelectionRange(caret.start, caret.end, caret.direction ?? undefined);
    wanted = undefined;
    caret = undefined;
    return true;
  }
}

/**
 * How a page renders: `build` fills the element with id `rootId` anew (emptying it first is build's part), and the
 * keyboard focus is kept across it (see keepingFocus). Does nothing when the page has no such element.
 */
export function pageRenderer(rootId: string, build: (root: HTMLElement) => void): () => void {
  const root = document.getElementById(rootId);
  if (!root) return () => undefined;
  const keep = keepingFocus(root);
  return () => keep(() => build(root));
}

/** The text box that has the focus inside `el`'s shadow roots, if any. */
function innermostFocus(el: Element): HTMLInputElement | HTMLTextAreaElement | undefined {
  let inner: Element | null = el;
  while (inner?.shadowRoot?.activeElement) inner = inner.shadowRoot.activeElement;
  if (inner instanceof HTMLTextAreaElement) return inner;
  // Only the kinds of input that have a caret (setSelectionRange throws for the others).
  return inner instanceof HTMLInputElement && /^(text|search|url|tel|password)$/.test(inner.type) ? inner : undefined;
}
