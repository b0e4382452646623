// The fault matrix: every user action against every fault the emulator can inject. For each cell: the user sees a
// specific message with a next step (never [object Object], a stack or a bare status code), no unhandled rejection
// appears in the extension host, and nothing is left half-changed. The table of results is printed at the end.
// Actions that land later add themselves to `actions`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import type { FaultSpec } from '../emulator/control';
import { control, emulator, extensionApi, orgToken, signOutEverywhere } from './support/env';
import { ScriptedPrompter } from './support/prompter';

interface Fault {
  name: string;
  spec: Omit<FaultSpec, 'organization'>;
  /** What the message must say; undefined: the action succeeds despite the fault (a slow answer). */
  expect?: RegExp;
  timeoutSeconds?: number;
}

const faults: Fault[] = [
  { name: '401', spec: { fault: 'status', status: 401 }, expect: /did not accept the personal access token|Token not accepted/ },
  { name: '203 + HTML sign-in page', spec: { fault: 'signInPage' }, expect: /sign-in page|Token not accepted/ },
  { name: '403', spec: { fault: 'status', status: 403 }, expect: /lacks the Code \(Read & write\) scope|refused access \(403\)|access denied/ },
  { name: '404', spec: { fault: 'status', status: 404 }, expect: /No Azure DevOps organization named|organization not found/ },
  { name: '409', spec: { fault: 'status', status: 409 }, expect: /conflict/ },
  { name: '429 + Retry-After', spec: { fault: 'status', status: 429, retryAfter: 1 }, expect: /limiting requests .* Wait 1 second and|too many requests/ },
  { name: '500', spec: { fault: 'status', status: 500 }, expect: /server error 500/ },
  { name: '503', spec: { fault: 'status', status: 503 }, expect: /server error 503/ },
  { name: 'connection reset', spec: { fault: 'reset' }, expect: /interrupted|no connection/ },
  { name: 'timeout', spec: { fault: 'delay', delayMs: 4000 }, timeoutSeconds: 1, expect: /did not answer within 1 second\./ },
  { name: 'malformed JSON', spec: { fault: 'malformedJson' }, expect: /could not be read|unreadable answer/ },
  { name: 'very slow answer', spec: { fault: 'delay', delayMs: 1200 } },
];

interface Outcome { message: string; nextSteps: string[]; succeeded: boolean; halfDone?: string }

interface Action {
  name: string;
  /** Signed-in state the action starts from (sign-in starts signed out). */
  prepare(api: TestingApi): Promise<void>;
  run(api: TestingApi, org: string): Promise<Outcome>;
}

const [orgA, orgB] = emulator().organizations;

async function signIn(api: TestingApi, org: string): Promise<void> {
  api.setPrompter(new ScriptedPrompter([{ input: org }, { input: orgToken(org) }]));
  assert.ok(await vscode.commands.executeCommand('azureDevOps.signIn'), `sign-in to ${org}`);
}

const actions: Action[] = [
  {
    name: 'sign in',
    prepare: async () => undefined,
    async run(api, org) {
      const prompter = new ScriptedPrompter([{ input: org }, { input: orgToken(org) }, { error: undefined }]);
      api.setPrompter(prompter);
      const result = await vscode.commands.executeCommand('azureDevOps.signIn');
      const [error] = prompter.of('error');
      const stored = api.deps.accounts.list().some((a) => a.name === org);
      return {
        message: error?.text ?? '', nextSteps: error?.actions ?? [], succeeded: Boolean(result),
        halfDone: !result && stored ? 'an account was stored although sign-in failed' : undefined,
      };
    },
  },
  {
    name: 'tree load',
    prepare: async (api) => { await signIn(api, orgA); await signIn(api, orgB); },
    async run(api, org) {
      await vscode.commands.executeCommand('azureDevOps.refresh');
      const orgs = await api.treeChildren();
      const row = orgs.find((r) => r.label === org)!;
      const other = orgs.find((r) => r.label !== org)!;
      const children = await api.treeChildren(row.node);
      const otherChildren = await api.treeChildren(other.node);
      const failed = children.length === 1 && /^message\./.test(children[0].contextValue ?? '') && !/No projects/.test(children[0].label);
      return {
        message: failed ? `${children[0].label} — ${children[0].tooltip ?? ''}` : '',
        nextSteps: failed && children[0].command ? [children[0].command] : [],
        succeeded: !failed && children.length > 0,
        halfDone: otherChildren.every((c) => c.contextValue === 'project') ? undefined : 'the other organization was affected',
      };
    },
  },
];

describe('Fault matrix', function () {
  this.timeout(120_000);
  let api: TestingApi;
  const table: string[][] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  before(async () => {
    api = await extensionApi();
    process.on('unhandledRejection', onRejection);
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    await control.clearFaults();
    await vscode.workspace.getConfiguration('azureDevOps').update('requestTimeout', undefined, vscode.ConfigurationTarget.Global);
    await signOutEverywhere(api);
    const width = (i: number) => Math.max(...[['action', 'fault', 'result', 'message'], ...table].map((r) => r[i].length));
    const line = (r: string[]) => `    | ${r.map((c, i) => c.padEnd(i < 3 ? width(i) : 0)).join(' | ')}`;
    console.log(['', line(['action', 'fault', 'result', 'message']), ...table.map(line)].join('\n'));
  });

  for (const action of actions) {
    for (const fault of faults) {
      it(`${action.name} × ${fault.name}`, async () => {
        await signOutEverywhere(api);
        await control.clearFaults();
        await vscode.workspace.getConfiguration('azureDevOps').update('requestTimeout', fault.timeoutSeconds, vscode.ConfigurationTarget.Global);
        await action.prepare(api);
        rejections.length = 0;
        await control.addFault({ ...fault.spec, organization: orgA });
        let outcome: Outcome;
        try {
          outcome = await action.run(api, orgA);
        } finally {
          await control.clearFaults();
        }
        await new Promise((r) => setTimeout(r, 100)); // let a stray rejection surface
        const message = outcome.message.replace(/\s+/g, ' ');
        table.push([action.name, fault.name, outcome.succeeded ? 'succeeded' : 'explained', message.slice(0, 110)]);

        assert.deepEqual(rejections.map(String), [], 'no unhandled rejection');
        assert.equal(outcome.halfDone, undefined, outcome.halfDone);
        if (!fault.expect) {
          assert.ok(outcome.succeeded, `a slow answer must still work; got: ${message}`);
          return;
        }
        assert.ok(!outcome.succeeded, 'the fault must not pass silently');
        assert.match(message, fault.expect);
        assert.doesNotMatch(message, /\[object Object\]|^\s*at |\bat .+\(.+:\d+:\d+\)|undefined|null/);
        assert.ok(message.length > 20, 'more than a status code');
        assert.ok(outcome.nextSteps.length > 0, 'a next step is offered');
      });
    }
  }
});
