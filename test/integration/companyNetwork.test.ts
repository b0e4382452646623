// Azure DevOps Server behind a company certificate authority or a self-signed certificate, and HTTP proxies:
// real TLS servers (forwarding to the emulator's server listener) and a real CONNECT proxy, with VS Code's settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeOwnRequest } from '../../src/azdo/connections';
import type { TestingApi } from '../../src/testing';
import { emulator, extensionApi, signOutEverywhere, waitFor } from './support/env';
import { ScriptedPrompter } from './support/prompter';
import { startTestProxy, type TestProxy } from '../support/proxy';
import { tlsFront } from '../support/tlsFront';

async function signInTo(api: TestingApi, url: string): Promise<ScriptedPrompter> {
  const prompter = new ScriptedPrompter([{ input: `${url}/${emulator().collections[0]}` }, { input: emulator().pat }, { error: undefined }]);
  api.setPrompter(prompter);
  await vscode.commands.executeCommand('azureDevOps.signIn');
  return prompter;
}

describe('Company networks', function () {
  this.timeout(60_000);
  let api: TestingApi;
  const tlsDir = process.env.AZDO_TEST_TLS_DIR ?? '';
  const file = (name: string) => path.join(tlsDir, name);
  const http_ = () => vscode.workspace.getConfiguration('http');

  before(async () => {
    assert.ok(tlsDir && fs.existsSync(file('ca.pem')), 'the runner makes the test certificates (AZDO_TEST_TLS_DIR)');
    api = await extensionApi();
  });
  beforeEach(async () => signOutEverywhere(api));
  afterEach(async () => {
    await http_().update('proxyStrictSSL', undefined, vscode.ConfigurationTarget.Global);
    await http_().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http_().update('proxySupport', undefined, vscode.ConfigurationTarget.Global);
    await signOutEverywhere(api);
  });

  it('trusts a server whose certificate a company CA signed (extra CA certificates)', async () => {
    const front = await tlsFront(file('server.pem'), file('server-key.pem'), emulator().serverUrl);
    try {
      const prompter = await signInTo(api, front.url);
      assert.deepEqual(prompter.of('error').map((e) => e.text), []);
      const [account] = api.deps.accounts.list();
      assert.equal(account?.kind, 'server');
      assert.match(account.url, /^https:\/\/127\.0\.0\.1:\d+\/tfs\//);
      const [org] = await api.treeChildren();
      const projects = await api.treeChildren(org.node);
      assert.ok(projects.length > 0 && projects.every((p) => p.contextValue === 'project'), 'the tree loads over TLS');
    } finally {
      await front.close();
    }
  });

  it('names an untrusted self-signed certificate, and accepts it when http.proxyStrictSSL is off', async () => {
    const front = await tlsFront(file('self.pem'), file('self-key.pem'), emulator().serverUrl);
    try {
      const refused = await signInTo(api, front.url);
      assert.match(refused.of('error')[0]?.text ?? '', /certificate of 127\.0\.0\.1:\d+ was refused \(\w+/);
      assert.ok(refused.of('error')[0].actions?.includes('Open Settings'));
      assert.equal(api.deps.accounts.list().length, 0);

      await http_().update('proxyStrictSSL', false, vscode.ConfigurationTarget.Global);
      const accepted = await signInTo(api, front.url);
      assert.deepEqual(accepted.of('error').map((e) => e.text), []);
      assert.equal(api.deps.accounts.list().length, 1);
    } finally {
      await front.close();
    }
  });

  it('sends requests through the proxy in http.proxy (VS Code applies it to the extension)', async () => {
    await withAliasAndProxy(async ({ proxy, aliasUrl, aliasHost }) => {
      await http_().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      const prompter = await signInTo(api, aliasUrl);
      assert.deepEqual(prompter.of('error').map((e) => e.text), []);
      assert.equal(api.deps.accounts.list().length, 1);
      assert.ok(proxy.seen.some((s) => s.endsWith(aliasHost)), `the proxy saw: ${JSON.stringify(proxy.seen)}`);
    });
  });

  it('reuses VS Code\'s proxy agent across requests, which still go through the proxy, and drops it when the settings change', async () => {
    await withAliasAndProxy(async ({ proxy, aliasUrl, aliasHost }) => {
      await http_().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      await signInTo(api, aliasUrl);
      const [account] = api.deps.accounts.list();
      assert.ok(account, 'signed in through the proxy');
      const load = async () => {
        await vscode.commands.executeCommand('azureDevOps.refresh', account.key);
        const state = api.deps.catalog.state(account.key);
        assert.equal(state?.status, 'loaded', 'the organization loads');
        return state;
      };
      await load();
      // The agent VS Code put on the first request to the server is handed to the next ones (ConnectionPool), which
      // go out through Node's own request, kept by VS Code beside its patch (a request carrying its agent skips the
      // patch's configuration read): the proxy must still see them.
      assert.deepEqual(api.deps.clients.proxyAgentOrigins, [`http://${aliasHost}`]);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object VS Code patched
      assert.equal(typeof nodeOwnRequest(require('http')), 'function', 'VS Code keeps Node\'s own request');
      const before = proxy.seen.length;
      await load();
      assert.ok(proxy.seen.length >= before + 2, `a refresh (projects and repositories) went through the proxy: ${proxy.seen.length - before} requests`);
      assert.deepEqual(api.deps.clients.proxyAgentOrigins, [`http://${aliasHost}`]);

      // The agent was made while VS Code applied http.proxy; with proxy support off, VS Code applies none, and neither
      // may a remembered agent: the requests go straight to the server.
      await http_().update('proxySupport', 'off', vscode.ConfigurationTarget.Global);
      await waitFor(() => api.deps.clients.proxyAgentOrigins.length === 0 || undefined, 'the remembered agent to be dropped');
      const off = proxy.seen.length;
      await load();
      assert.equal(proxy.seen.length, off, `no request went through the proxy: ${JSON.stringify(proxy.seen.slice(off))}`);
      assert.deepEqual(api.deps.clients.proxyAgentOrigins, [], 'with proxy support off, VS Code wraps no agent to remember');
    });
  });

  /**
   * The emulator reached as 127.0.0.2 (VS Code never proxies 127.0.0.1 or localhost), and a proxy that forwards to
   * it as 127.0.0.1 (the test's own requests are subject to VS Code's proxy patch too, which leaves 127.0.0.1 alone).
   */
  async function withAliasAndProxy(test: (setup: { proxy: TestProxy; aliasUrl: string; aliasHost: string }) => Promise<void>): Promise<void> {
    const target = new URL(emulator().serverUrl);
    const alias = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => alias.listen(0, '127.0.0.2', r));
    const proxy = await startTestProxy(() => ({ host: target.hostname, port: Number(target.port) }));
    try {
      const aliasHost = `127.0.0.2:${(alias.address() as AddressInfo).port}`;
      await test({ proxy, aliasUrl: `http://${aliasHost}${target.pathname}`, aliasHost });
    } finally {
      proxy.close();
      alias.close();
    }
  }
});
