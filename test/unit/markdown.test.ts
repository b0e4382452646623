import * as assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/pullRequests/markdown';

describe('renderMarkdown (pull request descriptions)', () => {
  it('renders markdown: emphasis, lists, code, links', () => {
    const html = renderMarkdown('Adds **flags**.\n\n- one\n- `two`\n\nSee https://example.com/x and [docs](https://docs.example.com).');
    assert.match(html, /<strong>flags<\/strong>/);
    assert.match(html, /<li><code>two<\/code><\/li>/);
    assert.match(html, /<a href="https:\/\/example\.com\/x">/);
    assert.match(html, /<a href="https:\/\/docs\.example\.com">docs<\/a>/);
  });

  it('never passes HTML through: tags and handlers become text', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick="x()">b</b>');
    assert.doesNotMatch(html, /<script|<img|<b /);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('drops links that are not http(s) or mailto', () => {
    for (const link of ['javascript:alert(1)', 'vbscript:x', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'command:workbench.action.quit']) {
      const html = renderMarkdown(`[click](${link})`);
      assert.doesNotMatch(html, /<a /, link);
    }
    assert.match(renderMarkdown('[mail](mailto:a@example.com)'), /href="mailto:a@example\.com"/);
  });
});
