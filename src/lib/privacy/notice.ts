/**
 * The privacy notice's list of what is kept (/privacy): the privacy table's plain `why` texts
 * (collections.ts), one per kind of record about people, in the table's order. Pure.
 */
import { PRIVACY_HANDLERS, type CollectionHandler } from './collections.ts';

/** The `why` of every collection that holds something about a person (not the 'none' ones). */
export function noticeItems(handlers: Record<string, CollectionHandler> = PRIVACY_HANDLERS): { collection: string; why: string }[] {
  const seen = new Set<string>();
  const items: { collection: string; why: string }[] = [];
  for (const [collection, handler] of Object.entries(handlers)) {
    if (handler.erase === 'none') continue;
    if (handler.fields.length === 0 && !handler.listFields?.length) continue;
    if (seen.has(handler.why)) continue;
    seen.add(handler.why);
    items.push({ collection, why: handler.why });
  }
  return items;
}
