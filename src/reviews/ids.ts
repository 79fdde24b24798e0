/** Graph object ids are GUIDs: anything else never reaches a Graph URL or a storage key. */
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isGuid = (s: unknown): s is string => typeof s === 'string' && GUID_RE.test(s);

/** The id Graph uses for "nobody" (e.g. reviewedBy of an item not reviewed yet). */
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
