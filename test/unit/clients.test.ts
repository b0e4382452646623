import * as assert from 'node:assert/strict';
import { AccountStore, type AccountRecord } from '../../src/auth/accountStore';
import { RedactingLogger } from '../../src/log';
import { ClientProvider } from '../../src/model/clients';
import { Redactor } from '../../src/util/redact';
import { MemoryLog, MemorySecrets, MemoryState } from '../support/memory';

const record: AccountRecord = {
  key: 'https://dev.azure.com/fabrikam', kind: 'services', name: 'fabrikam', url: 'https://dev.azure.com/fabrikam', auth: 'pat',
  user: { id: 'u1', displayName: 'User' }, addedAt: '2026-11-21T00:00:00.000Z', tokenState: 'valid',
};

describe('ClientProvider', () => {
  it('reads a token from secret storage once, and again after it changes', async () => {
    const secrets = new MemorySecrets();
    let reads = 0;
    const get = secrets.get.bind(secrets);
    secrets.get = (key: string) => { reads++; return get(key); };
    const redactor = new Redactor();
    const accounts = new AccountStore(new MemoryState(), secrets, redactor);
    await accounts.save(record, 'first-token-1234');
    const clients = new ClientProvider(accounts, () => ({ timeoutSeconds: 5, maxConcurrent: 2, userAgent: 'test' }), new RedactingLogger(new MemoryLog(), redactor));
    const [a, b] = await Promise.all([clients.get(record.key), clients.get(record.key)]);
    clients.reset();
    const c = await clients.get(record.key);
    assert.equal(reads, 1, 'one read for concurrent gets and after a reset');
    assert.equal(a, b);
    assert.notEqual(c, a, 'reset builds a new client');
    await accounts.save(record, 'second-token-5678');
    const d = await clients.get(record.key);
    assert.equal(reads, 2, 'a changed secret is read again');
    assert.notEqual(d, c);
    await accounts.remove(record.key);
    assert.equal(await clients.get(record.key), undefined, 'signed out: no client');
    clients.dispose();
  });
});
