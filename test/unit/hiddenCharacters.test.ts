import { withoutHiddenCharacters } from '../../src/reviews/hiddenCharacters';

/** Every code point of a range, as characters. */
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

describe('text without hidden characters', () => {
  it('leaves ordinary text as it is, in any script', () => {
    for (const text of [
      'Quarterly review of guests in Sales & Marketing',
      'Zoë Müller-Ó Briain (Contoso)',
      'مراجعة الوصول الفصلية',
      'סקירת גישה רבעונית',
      '四半期ごとのアクセス レビュー',
    ]) {
      expect(withoutHiddenCharacters(text)).toBe(text);
    }
  });

  it('drops every C0 and C1 control character and DEL (a tab is a space)', () => {
    const controls = [...range(0x00, 0x08), '\u000B', '\u000C', ...range(0x0e, 0x1f), ...range(0x7f, 0x9f)];
    for (const c of controls) expect(withoutHiddenCharacters(`a${c}é`)).toBe('aé');
    expect(withoutHiddenCharacters('a\tb')).toBe('a b');
    expect(withoutHiddenCharacters('Sales\u0000 review\u0007')).toBe('Sales review');
  });

  it('drops terminal escape sequences whole, not only their ESC', () => {
    expect(withoutHiddenCharacters('\u001B[31mRed\u001B[0m review')).toBe('Red review');
    expect(withoutHiddenCharacters('\u001B[1;38;5;196mbold\u001B[m')).toBe('bold');
    expect(withoutHiddenCharacters('\u009B31mC1 form')).toBe('C1 form');
    expect(withoutHiddenCharacters('\u001B]8;;https://evil.example\u0007link\u001B]8;;\u001B\\')).toBe('link');
    // An ESC that starts no such sequence goes alone.
    expect(withoutHiddenCharacters('a\u001Bb')).toBe('ab');
  });

  it('drops bidi controls, so a text shows its characters in the order they are', () => {
    const bidi = ['\u061C', '\u200E', '\u200F', ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)];
    for (const c of bidi) expect(withoutHiddenCharacters(`invoice${c}fdp.exe`)).toBe('invoicefdp.exe');
  });

  it('drops zero-width and invisible characters', () => {
    for (const c of ['\u200B', ...range(0x2060, 0x2064), '\uFEFF']) {
      expect(withoutHiddenCharacters(`Fin${c}ance`)).toBe('Finance');
    }
  });

  it('keeps joiners between two visible characters (emoji, Persian, Indic scripts), and drops them elsewhere', () => {
    for (const text of ['👩‍💻', '👨‍👩‍👧', 'می‌خواهم', 'क्‍ष']) expect(withoutHiddenCharacters(text)).toBe(text);
    expect(withoutHiddenCharacters('\u200DFinance\u200C')).toBe('Finance');
    expect(withoutHiddenCharacters('Sales \u200D\u200C review')).toBe('Sales  review');
    expect(withoutHiddenCharacters('👩\u200D\u200D\u200D💻')).toBe('👩\u200D💻');
  });

  it('puts a one-line text on one line, and keeps the lines of a multi-line one, with at most one empty line', () => {
    expect(withoutHiddenCharacters('Sales\nCurrent: Approved by Admin')).toBe('Sales Current: Approved by Admin');
    expect(withoutHiddenCharacters('a\r\nb\rc\u2028d\u2029e', true)).toBe('a\nb\nc\nd\ne');
    expect(withoutHiddenCharacters('Still needed.\n\n\n\n\nFor the audit.', true)).toBe(
      'Still needed.\n\nFor the audit.',
    );
    expect(withoutHiddenCharacters('one\n  \n \n\ntwo', true)).toBe('one\n\ntwo');
  });

  it('trims the text and replaces half an emoji', () => {
    expect(withoutHiddenCharacters('  \u202E Finance \u0000 ')).toBe('Finance');
    expect(withoutHiddenCharacters('ab\uD83Dcd')).toBe('ab\uFFFDcd');
    expect(withoutHiddenCharacters('\u202E\u0000\u200B\uFEFF')).toBe('');
  });
});
