/**
 * PocketBase record ids: 15 characters, lowercase letters and digits (PocketBase's default id
 * pattern, unchanged in every collection here). The one definition, for checking an id from a
 * URL or form before it reaches a query or a filter.
 */
export const RECORD_ID = /^[a-z0-9]{15}$/;

/** Whether a value is shaped like a record id. */
export const isRecordId = (value: unknown): value is string => typeof value === 'string' && RECORD_ID.test(value);
