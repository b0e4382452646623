// The fault matrix, first part: sign-in and the tree load against every fault the emulator can inject. The faults,
// the per-cell checks and the table are in support/faults.ts; the other actions are in faultMatrix*.test.ts.
import * as vscode from 'vscode';
import { emulator, orgToken, signIn, signOutEverywhere } from './support/env';
import { faultMatrix, type MatrixAction } from './support/faults';
import { ScriptedPrompter } from './support/prompter';

const [orgA, orgB] = emulator().organizations;

const actions: MatrixAction[] = [
  {
    name: 'sign in',
    target: 'every request of the organization',
    prepare: (api) => signOutEverywhere(api),
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
    target: 'every request of the organization (the other one stays fine)',
    async prepare(api) {
      if (api.deps.accounts.list().length === 2) return; // signed in to both since the previous cell
      await signOutEverywhere(api);
      await signIn(api, orgA);
      await signIn(api, orgB);
    },
    async run(api, org) {
      api.deps.catalog.invalidate(); // loads from scratch, as after signing in
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

faultMatrix('Fault matrix: sign-in and tree', actions);
