/**
 * Listing the rows of many people (or reflections, or cohorts) without one request each.
 *
 * PocketBase has no "in" operator, so a list of ids becomes `user = {:p0} || user = {:p1} …`,
 * and PocketBase caps how long a filter may be (a little over 100 such ids). So ids are sent
 * in batches of FILTER_IDS_PER_REQUEST, all at once: one request per collection for a cohort
 * of up to 100 trainees, one more per further 100, and never one per trainee.
 */
import type { RecordModel } from 'pocketbase';
import type { TypedPocketBase } from '../pb.ts';

/** Ids per filter; PocketBase refused 150 (filter too long) and accepted 100 when measured. */
export const FILTER_IDS_PER_REQUEST = 100;

/** `field = {:p0} || field = {:p1} …` with its parameters. With no ids, a filter that matches nothing. */
export function anyOf(field: string, ids: readonly string[], prefix = 'p'): { expr: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const parts = ids.map((id, i) => {
    params[`${prefix}${i}`] = id;
    return `${field} = {:${prefix}${i}}`;
  });
  return { expr: parts.length > 0 ? `(${parts.join(' || ')})` : 'false', params };
}

/** The ids, without duplicates or blanks, in batches of at most `size`. */
export function idBatches(ids: readonly string[], size = FILTER_IDS_PER_REQUEST): string[][] {
  const unique = [...new Set(ids.filter(Boolean))];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += size) batches.push(unique.slice(i, i + size));
  return batches;
}

export interface ListByIds {
  /** The field compared with the ids, e.g. `user`. */
  field: string;
  ids: readonly string[];
  /** Another condition, with `{:name}` placeholders filled from `params`. */
  where?: string;
  params?: Record<string, string | number | boolean>;
  fields?: string;
  /** Applied to the whole result, e.g. `created` or `-created` (only these two are supported across batches). */
  sort?: 'created' | '-created';
}

/**
 * Every row whose `field` is one of `ids` (and that matches `where`), in as few requests as
 * PocketBase allows; none when there are no ids.
 *
 * @throws {ClientResponseError} as the SDK does
 */
export async function listByIds<T extends RecordModel>(client: TypedPocketBase, collection: string, options: ListByIds): Promise<T[]> {
  const batches = idBatches(options.ids);
  const lists = await Promise.all(
    batches.map((batch) => {
      const any = anyOf(options.field, batch, 'id');
      const filter = client.filter(options.where ? `(${options.where}) && ${any.expr}` : any.expr, { ...options.params, ...any.params });
      return client.collection(collection).getFullList<T>({
        filter,
        batch: 1000,
        ...(options.fields ? { fields: options.fields } : {}),
        ...(options.sort ? { sort: options.sort } : {}),
      });
    }),
  );
  const rows = lists.flat();
  if (options.sort && batches.length > 1) {
    const sign = options.sort === 'created' ? 1 : -1;
    rows.sort((a, b) => sign * String(a['created'] ?? '').localeCompare(String(b['created'] ?? '')));
  }
  return rows;
}
