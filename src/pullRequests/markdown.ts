import MarkdownIt from 'markdown-it';

/**
 * Markdown of pull request descriptions and comments, rendered with HTML disabled (tags show as text), links
 * limited to http(s) and mailto. The webview shows the result inside a strict Content-Security-Policy.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });
md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim()) || /^#/.test(url.trim());

export function renderMarkdown(text: string): string {
  return md.render(text ?? '');
}
