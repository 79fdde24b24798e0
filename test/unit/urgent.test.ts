import { isUrgent } from '../../src/reviews/inbox';
import { review } from './fixtures';

const NOW = new Date('2026-11-22T12:00:00Z');

describe('an urgent review', () => {
  it('is open, has people left, and ends within two days', () => {
    expect(isUrgent(review({ endDateTime: '2026-11-24T12:00:00Z' }), NOW)).toBe(true);
    expect(isUrgent(review({ endDateTime: '2026-11-24T12:00:01Z' }), NOW)).toBe(false);
  });

  it('stays urgent past its end while it is still open', () => {
    expect(isUrgent(review({ endDateTime: '2026-11-21T12:00:00Z' }), NOW)).toBe(true);
  });

  it('is not urgent when nothing is left to review, when it is not open, or without an end date', () => {
    const soon = '2026-11-23T12:00:00Z';
    expect(isUrgent(review({ endDateTime: soon, remaining: 0 }), NOW)).toBe(false);
    expect(isUrgent(review({ endDateTime: soon, status: 'Completed' }), NOW)).toBe(false);
    expect(isUrgent(review({ endDateTime: soon, status: 'NotStarted' }), NOW)).toBe(false);
    expect(isUrgent(review({ endDateTime: '' }), NOW)).toBe(false);
  });
});
