import { formatNumber, plural } from '../../src/views/wording';

describe('wording', () => {
  it('says one person, two people, and separates thousands', () => {
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(2, 'person', 'people')).toBe('2 people');
    expect(plural(0, 'person', 'people')).toBe('0 people');
    expect(plural(5000, 'person', 'people')).toBe('5,000 people');
    expect(formatNumber(1234567)).toBe('1,234,567');
  });
});
