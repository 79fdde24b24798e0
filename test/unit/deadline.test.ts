import { signalWithin, timeLeftMs, withDeadline, withoutDeadline } from '../../src/deadline';
import { storageCall, StorageSlow } from '../../src/storage/storageCall';

const never = () => new Promise<never>(() => undefined);

describe('deadlines', () => {
  it('has none outside a deadline, and the nearer one when deadlines nest', async () => {
    expect(timeLeftMs()).toBe(Infinity);
    await withDeadline(10_000, async () => {
      expect(timeLeftMs()).toBeLessThanOrEqual(10_000);
      await withDeadline(60_000, async () => expect(timeLeftMs()).toBeLessThanOrEqual(10_000));
      await withDeadline(50, async () => expect(timeLeftMs()).toBeLessThanOrEqual(50));
      withoutDeadline(() => expect(timeLeftMs()).toBe(Infinity));
    });
  });

  it('cuts a call at the deadline when that comes before its own timeout', async () => {
    await withDeadline(30, async () => {
      const signal = signalWithin(60_000);
      await new Promise((r) => signal.addEventListener('abort', r));
      expect(signal.aborted).toBe(true);
    });
  });

  it('stops waiting on a storage call that takes no signal, and says whether a write may have happened', async () => {
    await withDeadline(30, async () => {
      await expect(storageCall('read', false, never)).rejects.toMatchObject({ outcomeUnknown: false });
    });
    await withDeadline(30, async () => {
      const cut = storageCall('write', true, never);
      await expect(cut).rejects.toBeInstanceOf(StorageSlow);
      await expect(cut).rejects.toMatchObject({ outcomeUnknown: true });
    });
  });

  it('sends nothing once the deadline has passed', async () => {
    await withDeadline(0, async () => {
      await new Promise((r) => setTimeout(r, 5));
      const call = jest.fn(never);
      await expect(storageCall('write', true, call)).rejects.toMatchObject({ outcomeUnknown: false });
      expect(call).not.toHaveBeenCalled();
    });
  });

  it('passes answers and other failures through', async () => {
    await expect(storageCall('read', false, async () => 42)).resolves.toBe(42);
    await expect(storageCall('read', false, async () => Promise.reject(new Error('404')))).rejects.toThrow('404');
  });
});
