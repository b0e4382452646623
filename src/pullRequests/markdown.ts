import type * as Renderer from './markdownRenderer';

let renderer: typeof Renderer | undefined;

/**
 * Markdown of pull request descriptions and comments (see markdownRenderer.ts). markdown-it loads on first use: the
 * build keeps it in its own file (dist/markdown.js), so activating the extension neither parses nor runs it.
 */
export function renderMarkdown(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, by design
  renderer ??= require('./markdownRenderer') as typeof Renderer;
  return renderer.renderMarkdown(text);
}
