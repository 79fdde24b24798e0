import { z } from 'zod';
import { isGuid } from '../reviews/ids';

/**
 * What the reminder settings card and the reminder card's Snooze / Mute buttons carry back (spread into
 * ACTION_SCHEMAS). The settings inputs stay strings here: `normalizeReminderSettings` judges them, so a bad value comes
 * back on the card as typed, with the reason, instead of as a broken card.
 */

const guid = z.string().refine(isGuid, 'is not a GUID');
/** An input's value as Teams sends it; absent is ''. */
const input = (max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? '' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
    z.string().max(max),
  );

/** The settings card's inputs, and the eTag the settings were read at ('' = nothing stored yet). */
export const settingsInputs = z.object({
  etag: z.string().max(200).default(''),
  enabled: input(10),
  leadTimes: input(200),
  lastDay: input(10),
  mode: input(20),
  digestTime: input(20),
  quietOn: input(10),
  quietStart: input(20),
  quietEnd: input(20),
  weekendDays: input(40),
});
export type SettingsInputs = z.output<typeof settingsInputs>;

/** A review a reminder was about: the instance (GUID, it is stored) and its name to show on the settings card. */
const reviewRef = z.object({ instanceId: guid, name: z.string().max(256).default('') });

export const SETTINGS_ACTION_SCHEMAS = {
  settings: z.object({}),
  saveSettings: settingsInputs,
  snoozeReview: reviewRef,
  muteReview: reviewRef,
  unmuteReview: reviewRef,
};
