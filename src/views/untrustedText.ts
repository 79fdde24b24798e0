import { withoutHiddenCharacters } from '../reviews/hiddenCharacters';

/**
 * Names, UPNs, resource names and justifications come from other people and end up on other reviewers' cards.
 * A TextBlock renders markdown, so a guest called "[Approve](https://…)" would show as a link and a justification
 * with "\n- " would show as a list; a bidi override makes "invoice\u202Efdp.exe" read as "invoiceexe.pdf"; control
 * characters have no business on a card at all. safeText() makes such a text safe to show; cleanText() and clip()
 * are its parts for texts that travel in action data rather than being shown.
 */

/**
 * Without control, bidi and invisible characters: the same set as what Attest writes to Graph loses
 * (`withoutHiddenCharacters`). Line breaks become "\n" where a text may have several lines (justifications) and a
 * space elsewhere, so a name cannot draw a line of its own that looks like the card's. Spaces around the text go:
 * they only shift it.
 */
export function cleanText(s: string, multiline = false): string {
  return withoutHiddenCharacters(s, multiline);
}

/**
 * Markdown's special characters escaped, inline and at the start of every line (where "-", "+", "=" and "1." start
 * lists and headings). "{" is escaped too: it keeps "${" and "{{DATE(" out of shown text, so no one's name can pass
 * for a template expression or a date the card formats.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<>#~|{]/g, (c) => `\\${c}`)
    .replace(/^( *)([-+=])/gm, '$1\\$2')
    .replace(/^( *)(\d+)([.)])/gm, '$1$2\\$3');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 code units (cards stay under the size Teams takes, MAX_CARD_BYTES in renderCard.ts), cut
 * between whole graphemes so no emoji or accented letter is cut in half, and never between a backslash and the
 * character it escapes. A clipped text ends with "…".
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  let backslash = '';
  for (const { segment } of graphemes.segment(s)) {
    if (segment === '\\' && !backslash) {
      backslash = segment;
      continue;
    }
    const unit = backslash + segment;
    backslash = '';
    if (out.length + unit.length > max - 1) break;
    out += unit;
  }
  return `${out.trimEnd()}…`;
}

/** Someone else's text, safe to show in a TextBlock (or fallbackText, which may render markdown too). */
export function safeText(s: string, max: number, multiline = false): string {
  return clip(escapeMarkdown(cleanText(s, multiline)), max);
}
