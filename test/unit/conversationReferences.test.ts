import { MemoryStorage, StoreItems } from 'botbuilder';
import { ConversationReferences, MAX_REMEMBERED_WRITES } from '../../src/storage/conversationReferences';

const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const user = (n: number) => `33333333-3333-4333-8333-${n.toString(16).padStart(12, '0')}`;
const reference = (n: number) => ({ conversation: { id: `a:chat-${n}` }, serviceUrl: 'https://smba.example/' });

/** Memory storage that counts writes: "a turn that changes nothing writes nothing" is what the memo is for. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes++;
    return super.write(changes);
  }
}

describe('saved conversation references', () => {
  it('keep the time zone under the name Intl gives it, and none that Intl does not know', async () => {
    const refs = new ConversationReferences(new MemoryStorage());
    await refs.remember(TENANT, user(1), reference(1), 'eUROPE/bERLIN');
    expect((await refs.find(TENANT, user(1)))?.timeZone).toBe('Europe/Berlin');
    await refs.remember(TENANT, user(1), reference(1), 'Mars/Olympus_Mons');
    expect((await refs.find(TENANT, user(1)))?.timeZone).toBeUndefined();
  });

  it('write nothing when the same zone comes in another spelling', async () => {
    const storage = new CountingStorage();
    const refs = new ConversationReferences(storage);
    await refs.remember(TENANT, user(1), reference(1), 'Europe/Berlin');
    for (const spelled of ['europe/berlin', 'EUROPE/BERLIN', 'Europe/BERLIN']) {
      await refs.remember(TENANT, user(1), reference(1), spelled);
    }
    expect(storage.writes).toBe(1);
  });

  it('are one per person whatever the letter case of the ids', async () => {
    const refs = new ConversationReferences(new MemoryStorage());
    await refs.remember(TENANT.toUpperCase(), user(0xabc).toUpperCase(), reference(1));
    expect((await refs.find(TENANT, user(0xabc)))?.reference).toEqual(reference(1));
    await refs.forget(TENANT, user(0xabc));
    expect(await refs.find(TENANT.toUpperCase(), user(0xabc).toUpperCase())).toBeUndefined();
  });

  it('remember a bounded number of last writes: the longest quiet person costs one write, the latest none', async () => {
    const storage = new CountingStorage();
    const refs = new ConversationReferences(storage);
    for (let n = 0; n <= MAX_REMEMBERED_WRITES; n++) await refs.remember(TENANT, user(n), reference(n));
    const written = storage.writes;
    expect(written).toBe(MAX_REMEMBERED_WRITES + 1);
    await refs.remember(TENANT, user(MAX_REMEMBERED_WRITES), reference(MAX_REMEMBERED_WRITES));
    expect(storage.writes).toBe(written);
    await refs.remember(TENANT, user(0), reference(0));
    expect(storage.writes).toBe(written + 1);
  });
});
