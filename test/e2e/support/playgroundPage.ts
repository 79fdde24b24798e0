import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page, Response } from 'playwright-core';
import { ARTIFACTS_DIR } from './stack';

/**
 * Drives the Microsoft 365 Agents Playground page in headless Chromium the way a reviewer uses Teams: type a message,
 * read the bot's replies, fill an Adaptive Card and press its Action.Execute buttons.
 *
 * Selectors were found by reading the page of @microsoft/m365agentsplayground 0.2.28 (Fluent UI v9 and the
 * Adaptive Cards JS renderer); they are all here so a new Playground version is fixed in one place.
 */
export const SELECTORS = {
  /** The compose box (a Lexical editor). The log panel is contenteditable too, hence role and data attribute. */
  composeBox: '[contenteditable="true"][role="textbox"][data-lexical-editor="true"]',
  sendButton: 'button[aria-label="Send Message"]',
  /** A chat in the left tree: `${chatItem}[aria-label="Personal Chat"]`. */
  chatItem: 'button[role="treeitem"]',
  /** One bot message (text or card); the user's own messages are not in this frame. */
  botMessage: '.fai-OutputCard',
  /** The top-level card of a message (Action.ShowCard nests further .ac-adaptiveCard elements inside). */
  cardRoot: '.ac-preview-panel > .ac-adaptiveCard',
  /** The card's action buttons carry the action title as aria-label and title. */
  cardAction: '.ac-actionSet button',
} as const;

/** The page answers the bot's Action.Execute invoke response on this request. */
const INVOKE_PATH = /\/_conversation\/v1\/invoke$/;
/** A user message goes to the bot through this request; it answers once the bot has. */
const SEND_PATH = /\/_conversation\/v1\/conversations\/[^/]+\/messages$/;

/** Chromium flags for these machines (shared/reference/teams-platform.md). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PlaygroundPageOptions {
  /** Default $CHROMIUM_PATH, else /usr/bin/chromium (Debian); browsers cannot be downloaded here. */
  executablePath?: string;
  /** Screenshots go here; default test-artifacts/e2e. */
  artifactsDir?: string;
  /** The longest any single wait may take; default 60 s (two shared cores). */
  timeoutMs?: number;
}

/** What the card JSON says about an input, learned from the bot's activities, to find it on the page by id. */
interface InputInfo {
  type: string;
  label?: string;
  placeholder?: string;
  choices: { title: string; value: string }[];
}

export interface ActionResult {
  /** The HTTP status the bot gave the invoke (200 when it answered with a card or a message). */
  status: number;
  /** application/vnd.microsoft.card.adaptive (card replaced in place), ...message, ...error, ...loginRequest. */
  type: string;
  /** The text of the card after the action: the new card if it was replaced, else the old one. */
  cardText: string;
  /** The response value: the new card, or the message text. */
  value: unknown;
}

export async function openPlayground(url: string, opts: PlaygroundPageOptions = {}): Promise<PlaygroundPage> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'attest-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: opts.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  // Loopback only: the page asks a CDN for fonts, which is unreachable here anyway.
  await context.route(
    (u) => !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) && u.protocol !== 'data:',
    (route) => route.abort(),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const driver = new PlaygroundPage(context, page, userDataDir, opts);
  await driver.goto(url);
  return driver;
}

export class PlaygroundPage {
  readonly timeoutMs: number;
  readonly artifactsDir: string;
  /** Errors the page logged, for diagnosing a failed test. */
  readonly consoleErrors: string[] = [];
  private readonly inputs = new Map<string, InputInfo>();
  private repliesBefore = 0;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly userDataDir: string,
    opts: PlaygroundPageOptions,
  ) {
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.artifactsDir = opts.artifactsDir ?? ARTIFACTS_DIR;
    page.setDefaultTimeout(this.timeoutMs);
    page.on('console', (m) => {
      // The unreachable font CDN is expected noise.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) this.consoleErrors.push(m.text());
    });
    // Cards arrive over the page's websocket (createMessage / updateMessage) and in invoke responses; remember
    // their inputs so a test can name an input by its card id, which the rendered page does not show.
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"attachments"'))
          this.learnCards(frame.payload);
      }),
    );
    page.on('response', (res) => {
      if (INVOKE_PATH.test(res.url()))
        res.text().then(
          (t) => this.learnCards(t),
          () => undefined,
        );
    });
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    await this.page.locator(SELECTORS.composeBox).waitFor({ state: 'visible' });
  }

  /** Opens a chat of the left tree by its name: "Personal Chat" (the default), the group chat, a channel. */
  async openChat(name: string): Promise<void> {
    await this.page.locator(`${SELECTORS.chatItem}[aria-label="${name}"]`).click();
  }

  /** Types a message and sends it; resolves once the Playground has handed it to the bot and the bot answered. */
  async sendMessage(text: string): Promise<void> {
    this.repliesBefore = await this.page.locator(SELECTORS.botMessage).count();
    const sent = this.page.waitForResponse((r) => SEND_PATH.test(r.url()) && r.request().method() === 'POST');
    const box = this.page.locator(SELECTORS.composeBox);
    await box.click();
    await box.fill(text);
    await box.press('Enter');
    const res = await sent;
    if (!res.ok())
      throw new Error(`the Playground did not deliver "${text}": HTTP ${res.status()} ${await res.text()}`);
  }

  /** All bot messages on the page, oldest first. */
  botMessages(): Locator {
    return this.page.locator(SELECTORS.botMessage);
  }

  /** Waits for a bot message, sent after the last sendMessage, whose text contains `match`; returns its text. */
  async waitForReply(match: string | RegExp, opts: { timeoutMs?: number; since?: number } = {}): Promise<string> {
    const since = opts.since ?? this.repliesBefore;
    const test = (t: string) => (typeof match === 'string' ? t.includes(match) : match.test(t));
    const deadline = Date.now() + (opts.timeoutMs ?? this.timeoutMs);
    for (;;) {
      const texts = (await this.botMessages().allInnerTexts()).slice(since);
      const hit = texts.find(test);
      if (hit !== undefined) return hit.trim();
      if (Date.now() > deadline) {
        const shot = await this.screenshot(`waitForReply-timeout-${Date.now()}`);
        throw new Error(
          `no bot reply matching ${match} (replies since: ${JSON.stringify(texts)}); screenshot ${shot}` +
            (this.consoleErrors.length ? `; page errors: ${this.consoleErrors.join(' | ')}` : ''),
        );
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** The number of bot messages now, to pass as waitForReply's `since` for messages the bot sends on its own. */
  async botMessageCount(): Promise<number> {
    return this.botMessages().count();
  }

  /** The latest Adaptive Card on the page (waits for one to appear). */
  async latestCard(): Promise<CardView> {
    const cards = this.page.locator(SELECTORS.cardRoot);
    await cards.last().waitFor({ state: 'visible' });
    return new CardView(this, cards.nth((await cards.count()) - 1));
  }

  /** Saves a full-page screenshot to the artifacts folder; returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(this.artifactsDir, { recursive: true });
    const path = join(this.artifactsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    rmSync(this.userDataDir, { recursive: true, force: true });
  }

  /** @internal What the bot's cards said about the input with this id (undefined if no card had it). */
  inputInfo(id: string): InputInfo | undefined {
    return this.inputs.get(id);
  }

  private learnCards(payload: string): void {
    let data: unknown;
    try {
      data = JSON.parse(payload);
    } catch {
      return;
    }
    // Walks anything JSON for Input.* elements with an id; later cards overwrite earlier ones.
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const el = node as Record<string, unknown>;
      if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') {
        const choices = Array.isArray(el.choices)
          ? (el.choices as { title?: unknown; value?: unknown }[]).map((c) => ({
              title: String(c.title ?? ''),
              value: String(c.value ?? ''),
            }))
          : [];
        this.inputs.set(el.id, {
          type: el.type,
          label: typeof el.label === 'string' ? el.label : undefined,
          placeholder: typeof el.placeholder === 'string' ? el.placeholder : undefined,
          choices,
        });
      }
      Object.values(el).forEach(walk);
    };
    walk(data);
  }
}

/** One Adaptive Card on the page, found by its position, so it stays the same card when updated in place. */
export class CardView {
  constructor(
    private readonly pg: PlaygroundPage,
    readonly root: Locator,
  ) {}

  /** The card's visible text. */
  async text(): Promise<string> {
    return (await this.root.innerText()).trim();
  }

  /** Types into an Input.Text (or Number, Date…) found by its label, its card id, or its placeholder. */
  async fill(labelOrId: string, value: string): Promise<void> {
    const input = await this.input(labelOrId);
    await input.fill(value);
  }

  /**
   * Picks a choice of an Input.ChoiceSet found by label or card id; `choice` is the choice's title or value.
   * Works for style compact (a combobox with a popup list) and expanded (radio buttons or, multi-select, checkboxes).
   */
  async choose(labelOrId: string, choice: string): Promise<void> {
    const info = this.pg.inputInfo(labelOrId);
    const label = info?.label ?? labelOrId;
    const title = info?.choices.find((c) => c.value === choice)?.title ?? choice;
    const combobox = this.root.getByRole('combobox', { name: label });
    if ((await combobox.count()) > 0) {
      await combobox.first().click();
      // The list is a popup outside the card.
      await this.pg.page.getByRole('listbox').getByRole('option', { name: title, exact: true }).click();
      await this.pg.page.getByRole('listbox').waitFor({ state: 'hidden' });
      return;
    }
    const group = this.root.getByRole('radiogroup', { name: label });
    const scope = (await group.count()) > 0 ? group.first() : this.root;
    const radio = scope.getByRole('radio', { name: title, exact: true });
    if ((await radio.count()) > 0) return radio.first().check();
    const box = scope.getByRole('checkbox', { name: title, exact: true });
    if ((await box.count()) > 0) return box.first().check();
    throw new Error(`no choice set "${labelOrId}" with a choice "${choice}" on the card:\n${await this.text()}`);
  }

  /**
   * Presses an Action.Execute button by its title (with `near`, the one beside that text) and waits for the bot's
   * answer; when the answer is a card,
   * waits until the card on the page is replaced by it (in place: same position, no new message).
   */
  async execute(title: string, opts: { timeoutMs?: number; near?: string } = {}): Promise<ActionResult> {
    const timeout = opts.timeoutMs ?? this.pg.timeoutMs;
    const before = await this.text();
    const answered = this.pg.page.waitForResponse(
      (r: Response) => INVOKE_PATH.test(r.url()) && r.request().method() === 'POST',
      { timeout },
    );
    const byTitle = this.pg.page.getByRole('button', { name: title, exact: true });
    // `near`: the button in the innermost container that also shows this text (a card may repeat a title per row).
    const target = opts.near
      ? this.root
          .locator('.ac-container')
          .filter({ hasText: opts.near })
          .filter({ has: byTitle })
          .last()
          .getByRole('button', { name: title, exact: true })
      : this.root.locator(SELECTORS.cardAction).and(byTitle);
    await target.first().click();
    const res = await answered;
    const body = (await res.json().catch(() => ({}))) as { type?: string; value?: unknown };
    const type = body.type ?? '';
    if (res.ok() && type === 'application/vnd.microsoft.card.adaptive') {
      await this.waitForTextChange(before, timeout);
    }
    return { status: res.status(), type, value: body.value, cardText: await this.text() };
  }

  private async waitForTextChange(before: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.text()) === before) {
      if (Date.now() > deadline) throw new Error(`the card was not replaced within ${timeoutMs} ms:\n${before}`);
      await this.pg.page.waitForTimeout(100);
    }
  }

  private async input(labelOrId: string): Promise<Locator> {
    const info = this.pg.inputInfo(labelOrId);
    const candidates: Locator[] = [];
    for (const name of [info?.label, info?.placeholder, labelOrId]) {
      if (!name) continue;
      candidates.push(this.root.getByLabel(name, { exact: true }), this.root.getByPlaceholder(name, { exact: true }));
    }
    for (const c of candidates) if ((await c.count()) > 0) return c.first();
    throw new Error(`no input "${labelOrId}" on the card:\n${await this.text()}`);
  }
}
