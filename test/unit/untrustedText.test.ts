import { clip, safeText } from '../../src/views/untrustedText';

/** Whether a text has half of a surrogate pair (half an emoji), which shows as a broken character. */
const halfSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('text from other people, made safe for a card', () => {
  it('leaves an ordinary name as it is', () => {
    expect(safeText('Zoë Müller-Ó Briain (Contoso)', 64)).toBe('Zoë Müller-Ó Briain (Contoso)');
  });

  it('escapes markdown inline, so a name cannot become a link, bold or code', () => {
    expect(safeText('[Approve](https://evil.example)', 64)).toBe('\\[Approve\\](https://evil.example)');
    expect(safeText('**trust me** `x` _y_ <b>', 64)).toBe('\\*\\*trust me\\*\\* \\`x\\` \\_y\\_ \\<b\\>');
    expect(safeText('C:\\temp', 64)).toBe('C:\\\\temp');
  });

  it('escapes list and heading markers at the start of every line, not only the first', () => {
    expect(safeText('Left in May\n- Approve me\n1. first\n  2) second\n+ more\n===', 200, true)).toBe(
      'Left in May\n\\- Approve me\n1\\. first\n  2\\) second\n\\+ more\n\\===',
    );
    expect(safeText('1. first', 64)).toBe('1\\. first');
  });

  it('keeps hyphens and numbers inside a line as they are', () => {
    expect(safeText('Jean-Luc 2. Team', 64)).toBe('Jean-Luc 2. Team');
  });

  it('puts a name on one line, so it cannot draw a line that looks like the card’s own', () => {
    expect(safeText('Bob\nCurrent: Approved by Admin', 64)).toBe('Bob Current: Approved by Admin');
    expect(safeText('a\r\nb\u2028c', 64, true)).toBe('a\nb\nc');
  });

  it('drops bidi overrides and isolates, which can make "exe" read as "pdf"', () => {
    const bidi = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of bidi) expect(safeText(`invoice${c}fdp.exe`, 64)).toBe('invoicefdp.exe');
  });

  it('drops the same characters as what is written to Graph: marks, zero-width spaces, the BOM, escape sequences', () => {
    for (const c of ['\u061C', '\u200E', '\u200F', '\u200B', '\u2060', '\uFEFF']) {
      expect(safeText(`Meg${c}an`, 64)).toBe('Megan');
    }
    expect(safeText('\u001B[31mMegan\u001B[0m', 64)).toBe('Megan');
    expect(safeText('Megan 👩‍💻', 64)).toBe('Megan 👩‍💻');
  });

  it('drops control characters (C0, DEL, C1) and turns tabs into spaces', () => {
    expect(safeText('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg\th', 64)).toBe('abcdefg h');
  });

  it('keeps "${" and "{{DATE(" out of what it shows, so no one can pass for a template or a formatted date', () => {
    const shown = safeText('${name} {{DATE(2026-11-27T17:00:00Z, SHORT)}}', 100);
    expect(shown).not.toContain('${');
    expect(shown).not.toContain('{{');
  });

  it('replaces half an emoji with the replacement character', () => {
    expect(safeText('ab\uD83Dcd', 64)).toBe('ab\uFFFDcd');
  });
});

describe('clipping', () => {
  it('leaves a text within its length as it is', () => {
    expect(clip('x'.repeat(64), 64)).toBe('x'.repeat(64));
  });

  it('clips a long text to its length, ending with an ellipsis', () => {
    const clipped = clip('x'.repeat(100), 64);
    expect(clipped).toHaveLength(64);
    expect(clipped.endsWith('x…')).toBe(true);
  });

  it('never cuts an emoji, a skin tone or a family in half', () => {
    for (const emoji of ['😀', '👍🏽', '👨‍👩‍👧', '🇳🇴']) {
      for (let max = 2; max <= 12; max++) {
        const clipped = clip(`ab${emoji}${emoji}`, max);
        expect(clipped.length).toBeLessThanOrEqual(max);
        expect(clipped).not.toMatch(halfSurrogate);
        // What is left of the emoji is whole ones: the text without them is "ab" and the ellipsis.
        expect(clipped.replaceAll(emoji, '')).toMatch(/^a?b?…?$/);
      }
    }
  });

  it('never cuts an accent from its letter', () => {
    expect(clip('cafe\u0301s', 5)).toBe('caf…');
  });

  it('never leaves a backslash without the character it escapes', () => {
    expect(safeText('a[[[[[[', 5)).toBe('a\\[…');
    // One shown backslash is two in the text: the cut keeps both or neither.
    expect(safeText('a\\\\\\', 5)).toBe('a\\\\…');
  });
});
