import * as assert from 'node:assert/strict';
import {
  avatarUrl, fallbackIdentitiesBase, identitySearchUrl, parseIdentities, pickIdentity, sniffImage,
} from '../../src/azdo/identities';
import { LruCache } from '../../src/util/lruCache';

describe('identities (pure)', () => {
  it('searches by mail address with the documented query', () => {
    assert.equal(identitySearchUrl('https://vssps.dev.azure.com/fabrikam/', 'a.b+c@example.com'),
      'https://vssps.dev.azure.com/fabrikam/_apis/identities?searchFilter=MailAddress&filterValue=a.b%2Bc%40example.com&queryMembership=None');
  });

  it('falls back to vssps.dev.azure.com/{org} in the cloud and to the collection on a server', () => {
    assert.equal(fallbackIdentitiesBase('https://dev.azure.com/fabrikam'), 'https://vssps.dev.azure.com/fabrikam');
    assert.equal(fallbackIdentitiesBase('https://fabrikam.visualstudio.com/'), 'https://vssps.dev.azure.com/fabrikam');
    assert.equal(fallbackIdentitiesBase('https://tfs.contoso.com/tfs/DefaultCollection'), 'https://tfs.contoso.com/tfs/DefaultCollection');
  });

  it('reads identities the way Identities_Read answers and picks the one with the mail address', () => {
    const body = {
      count: 3,
      value: [
        { id: 'i1', subjectDescriptor: 'aad.MQ', providerDisplayName: 'Jia-hao Tseng', properties: { Mail: { $type: 'System.String', $value: 'JTSENG@example.com' } } },
        { id: 'i2', providerDisplayName: 'Other', properties: { Account: { $value: 'other@example.com' } } },
        { providerDisplayName: 'no id' },
      ],
    };
    const list = parseIdentities(body);
    assert.deepEqual(list, [
      { id: 'i1', subjectDescriptor: 'aad.MQ', displayName: 'Jia-hao Tseng', mail: 'JTSENG@example.com' },
      { id: 'i2', subjectDescriptor: undefined, displayName: 'Other', mail: 'other@example.com' },
    ]);
    assert.equal(pickIdentity(list, 'jtseng@example.com')?.id, 'i1');
    assert.equal(pickIdentity(list, 'nobody@example.com'), undefined);
    assert.equal(pickIdentity([list[1]!], 'alias@example.com')?.id, 'i2');
    assert.deepEqual(parseIdentities(null), []);
    assert.deepEqual(parseIdentities({ value: 'x' }), []);
  });

  it('builds avatar URLs: MemberAvatars with a descriptor, identityImage without', () => {
    assert.equal(avatarUrl('https://dev.azure.com/fabrikam/', { id: 'i', subjectDescriptor: 'aad.X=', displayName: 'x' }),
      'https://dev.azure.com/fabrikam/_apis/GraphProfile/MemberAvatars/aad.X%3D');
    assert.equal(avatarUrl('https://tfs/tfs/Coll', { id: 'a-b', displayName: 'x' }), 'https://tfs/tfs/Coll/_api/_common/identityImage?id=a-b');
  });

  it('recognises images by their bytes only', () => {
    assert.equal(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'png');
    assert.equal(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
    assert.equal(sniffImage(Buffer.from('GIF89a')), 'gif');
    assert.equal(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'webp');
    assert.equal(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(sniffImage(Buffer.from('<html>sign in</html>')), undefined);
    assert.equal(sniffImage(Buffer.alloc(0)), undefined);
  });
});

describe('LruCache', () => {
  it('drops the least recently used entry when full and expired entries on read', () => {
    let now = 0;
    const cache = new LruCache<string, number>(2, () => now);
    cache.set('a', 1, 100);
    cache.set('b', 2, 100);
    assert.equal(cache.get('a'), 1); // a is now the most recent
    cache.set('c', 3, 100);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    now = 100;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 1);
    assert.throws(() => new LruCache(0));
  });
});
