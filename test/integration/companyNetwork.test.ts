// Azure DevOps Server behind a company certificate authority or a self-signed certificate, and HTTP proxies:
// real TLS servers (forwarding to the emulator's server listener) and a real CONNECT proxy, with VS Code's settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import { emulator, extensionApi, signOutEverywhere } from './support/env';
import { ScriptedPrompter } from './support/prompter';
import { startTestProxy } from '../support/proxy';
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
    // VS Code never proxies 127.0.0.1 or localhost, so the server is reached as 127.0.0.2 (loopback as well).
    const target = new URL(emulator().serverUrl);
    const alias = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => alias.listen(0, '127.0.0.2', r));
    // Upstream goes to the emulator as 127.0.0.1 (the alias's target): the test's own requests are subject to
    // VS Code's proxy patch too, which leaves 127.0.0.1 alone.
    const proxy = await startTestProxy(() => ({ host: target.hostname, port: Number(target.port) }));
    try {
      await http_().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      const aliasUrl = `http://127.0.0.2:${(alias.address() as AddressInfo).port}${target.pathname}`;
      const prompter = await signInTo(api, aliasUrl);
      assert.deepEqual(prompter.of('error').map((e) => e.text), []);
      assert.equal(api.deps.accounts.list().length, 1);
      const aliasHost = `127.0.0.2:${(alias.address() as AddressInfo).port}`;
      assert.ok(proxy.seen.some((s) => s.endsWith(aliasHost)), `the proxy saw: ${JSON.stringify(proxy.seen)}`);
    } finally {
      proxy.close();
      alias.close();
    }
  });
});
