import { messageView } from '../../src/views/cardViews';
import { cardBytes, MAX_CARD_BYTES, onOversizedCard, renderCard } from '../../src/views/renderCard';
import { cardText } from '../support/activities';

describe('a card too long for Teams', () => {
  afterEach(() => onOversizedCard(() => {}));

  it('is never sent: a short card says it was too long to show, and it is reported', () => {
    const oversized = jest.fn();
    onOversizedCard(oversized);
    const card = renderCard('message', messageView('A title', 'x'.repeat(MAX_CARD_BYTES)));
    expect(cardText(card)).toContain('Too long to show');
    expect(cardText(card)).toContain('too long for a Teams message, so I did not send it');
    expect(JSON.stringify(card)).not.toContain('xxxx');
    expect(cardBytes(card)).toBeLessThan(2048);
    expect(oversized).toHaveBeenCalledWith({
      template: 'message',
      bytes: expect.any(Number),
      limitBytes: MAX_CARD_BYTES,
    });
    expect(oversized.mock.calls[0][0].bytes).toBeGreaterThan(MAX_CARD_BYTES);
  });

  it('is weighed as Teams weighs it, in UTF-16: a text of emoji weighs twice its characters', () => {
    const base = cardBytes(renderCard('message', messageView('A title', '')));
    // Each emoji is two UTF-16 code units; the text appears twice (the card and its fallback text).
    const emoji = '🙂'.repeat(Math.floor((MAX_CARD_BYTES - base) / 8));
    expect(cardText(renderCard('message', messageView('A title', emoji)))).toContain(emoji);
    expect(cardText(renderCard('message', messageView('A title', `${emoji}🙂🙂`)))).toContain('Too long to show');
  });
});
