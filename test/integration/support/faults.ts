// The fault matrix's shared parts: the faults the emulator injects, the per-cell checks and the printed table.
// Each matrix file lists its actions; `faultMatrix` runs every action against every fault.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/testing';
import type { FaultSpec } from '../../emulator/control';
import { control, emulator, extensionApi, signOutEverywhere, waitFor } from './env';

export interface Fault {
  name: string;
  spec: Omit<FaultSpec, 'organization' | 'method' | 'path' | 'pathRegex'>;
  /** What the message must say; undefined: the action succeeds despite the fault (a slow answer). */
  expect?: RegExp;
  timeoutSeconds?: number;
  /** The service may have done the work although its answer never arrived (or could not be read). */
  ambiguous?: boolean;
}

export const faults: Fault[] = [
  { name: '401', spec: { fault: 'status', status: 401 }, expect: /did not accept the personal access token|Token not accepted/ },
  { name: '203 + HTML sign-in page', spec: { fault: 'signInPage' }, expect: /sign-in page|Token not accepted/ },
  { name: '403', spec: { fault: 'status', status: 403 }, expect: /lacks the Code \(Read & write\) scope|refused access \(403\)|access denied/ },
  { name: '404', spec: { fault: 'status', status: 404 }, expect: /No Azure DevOps organization named|organization not found/ },
  { name: '409', spec: { fault: 'status', status: 409 }, expect: /conflict/ },
  { name: '429 + Retry-After', spec: { fault: 'status', status: 429, retryAfter: 1 }, expect: /limiting requests .* Wait 1 second and|too many requests/ },
  { name: '500', spec: { fault: 'status', status: 500 }, expect: /server error 500/ },
  { name: '503', spec: { fault: 'status', status: 503 }, expect: /server error 503/ },
  { name: 'connection reset', spec: { fault: 'reset' }, expect: /Cannot reach|interrupted|no connection/ },
  { name: 'timeout', spec: { fault: 'delay', delayMs: 4000 }, timeoutSeconds: 1, expect: /did not answer within 1 second\./, ambiguous: true },
  { name: 'malformed JSON', spec: { fault: 'malformedJson' }, expect: /could not be read|unreadable answer/, ambiguous: true },
  { name: 'very slow answer', spec: { fault: 'delay', delayMs: 1200 } },
];

export interface Outcome {
  message: string;
  nextSteps: string[];
  succeeded: boolean;
  /** What was left changed without the user being told; undefined when nothing. */
  halfDone?: string;
}

export interface MatrixAction {
  name: string;
  /** Which requests get the fault, in words for the table. */
  target: string;
  /** Narrows the fault to the action's own request (method, path); absent: every request of the organization. */
  scope?: Pick<FaultSpec, 'method' | 'path' | 'pathRegex'>;
  /** The message expected for a fault, where it differs from the fault's default. */
  expect?: Partial<Record<string, RegExp>>;
  /** Faults after which success is right: the service did the work and the extension found that out. */
  mayRecover?: string[];
  /** Before each cell, without faults. */
  prepare(api: TestingApi): Promise<void>;
  run(api: TestingApi, org: string, fault: Fault): Promise<Outcome>;
  /** After the fault is gone and the emulator finished every request: what is half-changed without the user told. */
  check?(api: TestingApi, outcome: Outcome, fault: Fault): Promise<string | undefined>;
  /** After each cell, without faults. */
  cleanup?(api: TestingApi): Promise<void>;
}

/** A sentence of a message that tells the user what to do (messages in webviews carry their next step in words). */
const NEXT_STEP = /\b(try again|Try again|Try Again|Enter|enter it|Create a token|Check|Wait|Refresh|raise|[Ss]ign in|Choose|submitting again|ask a|push again)\b/;

export function stepsInText(message: string): string[] {
  return message.split(/(?<=[.:])\s+/).filter((s) => NEXT_STEP.test(s));
}

/** The matrix of `actions` × every fault, as one describe block; prints the table of results at the end. */
export function faultMatrix(title: string, actions: MatrixAction[], hooks: { before?(api: TestingApi): Promise<void>; after?(api: TestingApi): Promise<void> } = {}): void {
  describe(title, function () {
    this.timeout(120_000);
    let api: TestingApi;
    const table: string[][] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    const org = emulator().organizations[0];

    before(async () => {
      api = await extensionApi();
      await signOutEverywhere(api);
      await control.clearFaults();
      process.on('unhandledRejection', onRejection);
      await hooks.before?.(api);
    });
    after(async () => {
      process.off('unhandledRejection', onRejection);
      await control.clearFaults();
      await vscode.workspace.getConfiguration('azureDevOps').update('requestTimeout', undefined, vscode.ConfigurationTarget.Global);
      await hooks.after?.(api);
      await signOutEverywhere(api);
      printTable(title, actions, table);
    });

    for (const action of actions) {
      for (const fault of faults) {
        it(`${action.name} × ${fault.name}`, async () => {
          await control.clearFaults();
          await vscode.workspace.getConfiguration('azureDevOps').update('requestTimeout', fault.timeoutSeconds, vscode.ConfigurationTarget.Global);
          await action.prepare(api);
          rejections.length = 0;
          await control.addFault({ ...fault.spec, ...action.scope, organization: org });
          let outcome: Outcome;
          try {
            outcome = await action.run(api, org, fault);
          } finally {
            await control.clearFaults();
          }
          // A late answer (the timeout's delayed request) lands before the server is checked.
          await waitFor(async () => ((await control.log()).inFlight[org.toLowerCase()] ?? 0) === 0, 'the emulator to finish the requests of the cell', 15_000);
          await new Promise((r) => setTimeout(r, 100)); // let a stray rejection surface
          const halfDone = outcome.halfDone ?? await action.check?.(api, outcome, fault);
          await action.cleanup?.(api);
          const message = outcome.message.replace(/\s+/g, ' ');
          const recovered = outcome.succeeded && fault.expect && action.mayRecover?.includes(fault.name);
          table.push([action.name, fault.name, outcome.succeeded ? (recovered ? 'recovered' : 'succeeded') : 'explained', message.slice(0, 120)]);

          assert.deepEqual(rejections.map(String), [], 'no unhandled rejection');
          assert.equal(halfDone, undefined, halfDone);
          const expected = action.expect?.[fault.name] ?? fault.expect;
          if (!expected) {
            assert.ok(outcome.succeeded, `a slow answer must still work; got: ${message}`);
            return;
          }
          if (recovered) return;
          assert.ok(!outcome.succeeded, 'the fault must not pass silently');
          assert.match(message, expected);
          assert.doesNotMatch(message, /\[object Object\]|^\s*at |\bat .+\(.+:\d+:\d+\)|undefined|null/);
          assert.ok(message.length > 20, 'more than a status code');
          assert.ok(outcome.nextSteps.length > 0, 'a next step is offered');
        });
      }
    }
  });
}

function printTable(title: string, actions: MatrixAction[], rows: string[][]): void {
  const header = ['action', 'fault', 'result', 'message'];
  const width = (i: number) => Math.max(...[header, ...rows].map((r) => r[i].length));
  const line = (r: string[]) => `    | ${r.map((c, i) => c.padEnd(i < 3 ? width(i) : 0)).join(' | ')}`;
  const targets = actions.map((a) => `    ${a.name}: the fault hits ${a.target}`);
  console.log(['', `    ${title}`, ...targets, line(header), ...rows.map(line)].join('\n'));
}
