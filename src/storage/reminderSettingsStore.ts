import { normalizeReminderSettings, ReminderSettings } from '../reviews/reminderSettings';
import { ReminderState } from './reminderState';

/** The names of muted and snoozed reviews, by instance id, so the settings card can list them without asking Graph. */
export type ReviewLabels = Record<string, string>;

/** A reviewer's settings as stored, normalised, with the names of the reviews they hold and the eTag read at. */
export interface StoredSettings {
  settings: ReminderSettings;
  labels: ReviewLabels;
  /** null: nothing stored yet (the defaults). */
  etag: string | null;
}

/**
 * The reminder settings document of each reviewer (`ReminderState.settingsKey`). It holds the settings' fields plus
 * `labels`; the poll worker reads it with `normalizeReminderSettings`, which ignores the labels.
 */
export class ReminderSettingsStore {
  constructor(
    private readonly state: ReminderState,
    private readonly tenantId: string,
  ) {}

  private key(userId: string): string {
    return this.state.settingsKey(this.tenantId, userId);
  }

  async read(userId: string, now: Date): Promise<StoredSettings> {
    const { value, etag } = await this.state.docs.read<Record<string, unknown>>(this.key(userId));
    const { settings } = normalizeReminderSettings(value, now);
    return { settings, labels: labelsOf(value?.labels, settings), etag };
  }

  /** Writes only if unchanged since read at `etag` (null: create); throws WriteConflict otherwise. */
  async write(userId: string, settings: ReminderSettings, labels: ReviewLabels, etag: string | null): Promise<string> {
    return this.state.docs.write(this.key(userId), { ...settings, labels: labelsOf(labels, settings) }, etag);
  }

  /** Read, change, write with the eTag read, again on conflict (snooze, mute and unmute need no decision). */
  async update(
    userId: string,
    now: Date,
    change: (current: StoredSettings) => Pick<StoredSettings, 'settings' | 'labels'>,
  ): Promise<void> {
    await this.state.docs.update<Record<string, unknown>>(this.key(userId), (value) => {
      const { settings } = normalizeReminderSettings(value, now);
      const next = change({ settings, labels: labelsOf(value?.labels, settings), etag: null });
      return { ...next.settings, labels: labelsOf(next.labels, next.settings) };
    });
  }
}

/** Only the names of reviews still muted or snoozed, so the document stays as small as the lists. */
function labelsOf(raw: unknown, settings: ReminderSettings): ReviewLabels {
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const ids = [...settings.muted, ...settings.snoozed.map((s) => s.instanceId)];
  const out: ReviewLabels = {};
  for (const id of ids) if (typeof given[id] === 'string') out[id] = (given[id] as string).slice(0, 256);
  return out;
}
