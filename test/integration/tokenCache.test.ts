import { randomBytes, randomUUID } from 'node:crypto';
import { TokenCacheStore } from '../../src/auth/tokenCacheStore';
import { createStorage } from '../../src/storage/blobStorage';
import { Azurite, startAzurite } from '../support/azurite';

/** The sealed per-user token cache in Azure Blob Storage (Azurite), as msal-node's distributed cache plugin uses it. */
describe('the token cache store', () => {
  let azurite: Azurite;
  let store: TokenCacheStore;
  const user = randomUUID();
  beforeAll(async () => {
    azurite = await startAzurite();
    store = new TokenCacheStore(
      createStorage(azurite.connectionString, `cache-${randomUUID().slice(0, 8)}`),
      randomBytes(32),
    );
  }, 60_000);
  afterAll(async () => azurite?.stop());

  it('a turn that read the session before sign-out cannot bring it back by writing afterwards', async () => {
    await store.write(user, '{"session":"A"}');
    const turn = store.forUser(user);
    expect(await turn.client.get(user)).toBe('{"session":"A"}');
    await store.remove(user);
    await turn.client.set(user, '{"session":"refreshed"}');
    expect(await store.read(user)).toBe('');
  });

  it('of two turns that refresh at once, the first write stands and the second does not overwrite it', async () => {
    await store.write(user, '{"session":"A"}');
    const one = store.forUser(user);
    const two = store.forUser(user);
    await one.client.get(user);
    await two.client.get(user);
    await one.client.set(user, '{"session":"one"}');
    await two.client.set(user, '{"session":"two"}');
    expect(await store.read(user)).toBe('{"session":"one"}');
  });

  it('a first sign-in writes without a previous version', async () => {
    const newcomer = randomUUID();
    const turn = store.forUser(newcomer);
    expect(await turn.client.get(newcomer)).toBe('');
    await turn.client.set(newcomer, '{"session":"new"}');
    expect(await store.read(newcomer)).toBe('{"session":"new"}');
  });
});
