/**
 * Characters that are not text: they are invisible, or they change how the text around them shows. Typed or pasted
 * into a review's name, description or a justification, they would be written to Graph as they are, and the Entra
 * portal and Graph's e-mails show them raw; on a card they can make "invoice\u202Efdp.exe" read as "invoiceexe.pdf".
 * `withoutHiddenCharacters` takes them out. It is the one definition of them: what Attest writes to Graph goes through
 * it, and so does what it shows of other people's text (`src/views/untrustedText.ts`, which also escapes markdown).
 */

/**
 * C0 controls (tab and line breaks are made spaces or "\n" before), DEL and C1 controls. NUL, BEL, ESC and the like
 * have no business in a name or a sentence.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/**
 * Bidi controls: the Arabic letter mark, left-to-right and right-to-left marks, embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069). Text in right-to-left scripts shows correctly without them; with them,
 * a text can show its characters in another order than they are.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Zero-width space, word joiner, the invisible operators (U+2061–U+2064) and the byte order mark (U+FEFF). */
const INVISIBLE_CHARACTERS = /[\u200B\u2060-\u2064\uFEFF]/g;

/**
 * Zero-width non-joiner (U+200C) and joiner (U+200D) are kept where they do something: between two visible characters.
 * The joiner makes one emoji of several (👩‍💻, 👨‍👩‍👧) and both are spelling in Persian and in Indic scripts ("می‌خواهم"
 * needs its non-joiner). Anywhere else (at the start or end, next to a space) they show nothing and join nothing, and
 * a run of them is one.
 */
const JOINER_RUNS = /[\u200C\u200D]+/g;

/**
 * Terminal escape sequences as a paste from a terminal brings them: CSI ("ESC[31m", colours and cursor moves, also as
 * the one-character C1 CSI) and OSC ("ESC]8;;https://…BEL", links and titles). The whole sequence goes, not only ESC:
 * "[31m" left behind would be noise in the text. Any other ESC is a control character and goes alone.
 */
const ESCAPE_SEQUENCES =
  // eslint-disable-next-line no-control-regex -- matching escape sequences is the point
  /\u001B\[[0-?]*[ -/]*[@-~]|\u009B[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

const LINE_BREAKS = /\r\n?|[\n\u2028\u2029]/g;
/** Three line breaks or more (with only spaces between): an empty line is a paragraph, more are only a gap. */
const GAPS = /\n[ \t]*(?:\n[ \t]*){2,}/g;
/** Half of a surrogate pair cannot be shown, and some JSON readers reject it. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * The text without control characters, escape sequences, bidi controls and invisible characters, as a person would
 * read it, with the spaces around it trimmed.
 *
 * Line breaks: a `multiline` text (a description, a justification) keeps them, as "\n" whatever was sent (CR LF, CR,
 * U+2028, U+2029), with at most one empty line in a row: the Entra portal and the cards show a justification's lines,
 * and a paragraph is worth keeping where a hundred empty lines are not. Anything else (a name) is one line: a line
 * break becomes a space, so a name cannot draw a line that looks like someone else's. A tab is a space.
 */
export function withoutHiddenCharacters(text: string, multiline = false): string {
  return text
    .replace(ESCAPE_SEQUENCES, '')
    .replace(LINE_BREAKS, multiline ? '\n' : ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROL_CHARACTERS, '')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(JOINER_RUNS, (run: string, at: number, all: string) =>
      isSpace(all[at - 1]) || isSpace(all[at + run.length]) ? '' : run[0],
    )
    .replace(GAPS, '\n\n')
    .replace(LONE_SURROGATES, '\uFFFD')
    .trim();
}
