import { toldKeys, withClaims, withoutClaims, withSent } from '../../src/reviews/reminderLedger';

const LEASE = 120_000;
const t0 = new Date('2026-03-02T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('the reminder ledger', () => {
  it('counts a fresh claim as told, so a racing poll plans nothing for it', () => {
    const entries = withClaims({}, ['a:new'], t0);
    expect(toldKeys(entries, later(1000), LEASE)).toEqual(['a:new']);
  });

  it('sends again a claim left behind by a crashed instance once its lease is over', () => {
    const entries = withClaims({}, ['a:new'], t0);
    expect(toldKeys(entries, later(LEASE + 1), LEASE)).toEqual([]);
  });

  it('keeps a sent key for good', () => {
    const entries = withSent(withClaims({}, ['a:new'], t0), ['a:new'], t0);
    expect(toldKeys(entries, later(30 * 86_400_000), LEASE)).toEqual(['a:new']);
  });

  it('gives back a claim whose send failed, but never a key already sent', () => {
    const entries = withSent(withClaims({}, ['a:new', 'b:new'], t0), ['b:new'], t0);
    const released = withoutClaims(entries, ['a:new', 'b:new']);
    expect(toldKeys(released, t0, LEASE)).toEqual(['b:new']);
  });
});
