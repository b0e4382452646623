import * as assert from 'node:assert/strict';
import { linkifyMessage, pullRequestUrl, workItemUrl, type LinkTargets } from '../../src/git/messageLinks';

const T: LinkTargets = {
  organizationUrl: 'https://dev.azure.com/fabrikam',
  project: 'Fiber',
  repositoryWebUrl: 'https://dev.azure.com/fabrikam/Fiber/_git/web',
};
const WI = (id: number): string => `https://dev.azure.com/fabrikam/Fiber/_workitems/edit/${id}`;
const PR = (id: number): string => `https://dev.azure.com/fabrikam/Fiber/_git/web/pullrequest/${id}`;

describe('commit message links (AB#, !, Merged PR)', () => {
  const cases: [string, string, string][] = [
    ['work item', 'Fix login AB#123', `Fix login [AB#123](${WI(123)})`],
    ['work item in brackets and lower case', 'Fix (ab#7)', `Fix ([ab#7](${WI(7)}))`],
    ['two work items', 'AB#1, AB#22', `[AB#1](${WI(1)}), [AB#22](${WI(22)})`],
    ['pull request', 'Follow-up to !45', `Follow-up to [!45](${PR(45)})`],
    ['pull request first', '!9 reverted', `[!9](${PR(9)}) reverted`],
    ['pull request on a new line', 'Title\n\n!12 and AB#3', `Title\n\n[!12](${PR(12)}) and [AB#3](${WI(3)})`],
    ['completed pull request message', 'Merged PR 42: Add search', `Merged [PR 42](${PR(42)}): Add search`],
    ['not after a letter', 'XAB#1 and a!2', 'XAB#1 and a!2'],
    ['not running into letters', 'AB#12abc !3x', 'AB#12abc !3x'],
    ['not an operator', 'if (a != b) use !== and !x', 'if (a != b) use !== and !x'],
    ['not an exclamation after a word', 'Wow!42', 'Wow!42'],
    ['not in a code span', 'Use `AB#1` and `!2` literally', 'Use `AB#1` and `!2` literally'],
    ['not in a fenced block', 'Text\n```\nAB#5 !6\n```\nAB#7', `Text\n\`\`\`\nAB#5 !6\n\`\`\`\n[AB#7](${WI(7)})`],
    ['not in an existing link', 'See [AB#1](https://example.com/x) and !2', `See [AB#1](https://example.com/x) and [!2](${PR(2)})`],
    ['not in a URL', 'https://example.com/page#AB#1 !3', `https://example.com/page#AB#1 [!3](${PR(3)})`],
    ['nothing to link', 'Plain message', 'Plain message'],
    ['empty', '', ''],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(linkifyMessage(input, T), expected));
  }

  it('encodes project names and escapes parentheses in link destinations', () => {
    const targets: LinkTargets = {
      organizationUrl: 'https://dev.azure.com/fabrikam/', project: 'Fiber (Old)',
      repositoryWebUrl: 'https://dev.azure.com/fabrikam/Fiber%20(Old)/_git/web',
    };
    assert.equal(workItemUrl(targets, '1'), 'https://dev.azure.com/fabrikam/Fiber%20(Old)/_workitems/edit/1');
    assert.equal(linkifyMessage('AB#1', targets), '[AB#1](https://dev.azure.com/fabrikam/Fiber%20%28Old%29/_workitems/edit/1)');
    assert.equal(linkifyMessage('!2', targets), '[!2](https://dev.azure.com/fabrikam/Fiber%20%28Old%29/_git/web/pullrequest/2)');
    assert.equal(pullRequestUrl({ ...T, repositoryWebUrl: `${T.repositoryWebUrl}/` }, '5'), PR(5));
  });

  it('is idempotent: linking a linked message changes nothing', () => {
    const once = linkifyMessage('Fix AB#1 after !2; Merged PR 3: x', T);
    assert.equal(linkifyMessage(once, T), once);
  });
});
