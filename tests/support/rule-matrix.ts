/**
 * The harness every API-rule matrix test shares (tests/integration/*-rules.test.ts): try one
 * action as one person against the real PocketBase and say whether it worked, judged by what
 * the person can see or do. A refused write must leave the data as it was, and only refusal
 * statuses count as "denied": anything else (a broken fixture, a validation error) throws, so a
 * matrix can never pass by accident.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { expect } from 'vitest';

export const ACTIONS = ['list', 'view', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];
export type Outcome = 'allowed' | 'denied';

/**
 * 'denied' for a refusal, otherwise throws. A failed create rule is a 400 with no field
 * errors (TOOLCHAIN.md); a 400 with field errors is a broken fixture, not a refusal.
 */
export function refusalOutcome(error: unknown, refusedStatuses: readonly number[]): Outcome {
  if (error instanceof ClientResponseError && refusedStatuses.includes(error.status)) {
    const fieldErrors = Object.keys((error.response['data'] as object | undefined) ?? {});
    if (error.status !== 400 || fieldErrors.length === 0) return 'denied';
  }
  throw error;
}

export async function countRows(service: PocketBase, collection: string, filter = ''): Promise<number> {
  return (await service.collection(collection).getList(1, 1, { fields: 'id', filter })).totalItems;
}

/** Tries a create as `client`; a refusal must leave the row count as it was. */
export async function tryCreate(service: PocketBase, collection: string, client: PocketBase, body: Record<string, unknown>): Promise<Outcome> {
  const before = await countRows(service, collection);
  try {
    await client.collection(collection).create(body);
    return 'allowed';
  } catch (error) {
    const outcome = refusalOutcome(error, [400, 403]);
    expect(await countRows(service, collection), 'no row was created').toBe(before);
    return outcome;
  }
}

/** Expects a create to be refused by its API rule: 400 with no field errors. */
export async function expectCreateRuleRefusal(request: Promise<unknown>): Promise<void> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the create was refused').toBeInstanceOf(ClientResponseError);
  expect((error as ClientResponseError).status).toBe(400);
  expect((error as ClientResponseError).response['data'], 'a rule refusal, not a validation error').toEqual({});
}

export interface Attempt {
  service: PocketBase;
  /** The person trying, signed in (or not). */
  client: PocketBase;
  collection: string;
  action: Action;
  /** The row the action is tried on (list, view, update, delete). */
  id: string;
  /** The body a create sends. */
  createBody: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** What an update sends; every field must read back as sent (fields ending `_at` are stamped by hooks). */
  change: Record<string, unknown>;
  /** Statuses an update refusal may have (some hooks refuse with 400). */
  updateRefusals?: readonly number[];
}

/** Tries the action and says whether it worked. */
export async function attemptAction(a: Attempt): Promise<Outcome> {
  const records = a.client.collection(a.collection);
  const asService = a.service.collection(a.collection);
  switch (a.action) {
    case 'list': {
      try {
        const page = await records.getList(1, 50, {
          filter: a.client.filter('id = {:id}', { id: a.id }),
        });
        return page.items.some((row) => row.id === a.id) ? 'allowed' : 'denied';
      } catch (error) {
        return refusalOutcome(error, [403]);
      }
    }
    case 'view': {
      try {
        expect((await records.getOne(a.id)).id).toBe(a.id);
        return 'allowed';
      } catch (error) {
        return refusalOutcome(error, [403, 404]);
      }
    }
    case 'create':
      return tryCreate(a.service, a.collection, a.client, await a.createBody());
    case 'update': {
      const before = await asService.getOne(a.id);
      try {
        const updated = await records.update(a.id, a.change);
        for (const [field, value] of Object.entries(a.change)) {
          if (!field.endsWith('_at')) expect(updated[field], field).toEqual(value);
        }
        return 'allowed';
      } catch (error) {
        const outcome = refusalOutcome(error, a.updateRefusals ?? [403, 404]);
        expect(await asService.getOne(a.id), 'the row is unchanged').toEqual(before);
        return outcome;
      }
    }
    case 'delete': {
      try {
        await records.delete(a.id);
        return 'allowed';
      } catch (error) {
        const outcome = refusalOutcome(error, [403, 404]);
        expect((await asService.getOne(a.id)).id, 'the row is still there').toBe(a.id);
        return outcome;
      }
    }
  }
}

export interface MatrixCase<A extends string> {
  targetName: string;
  action: Action;
  actor: A;
  expected: Outcome;
}

/** Every target × action × actor, with the expected outcome from the table of who may do what. */
export function ruleMatrix<A extends string>(allowed: Record<string, Record<Action, readonly A[]>>, actors: readonly A[]): MatrixCase<A>[] {
  return Object.entries(allowed).flatMap(([targetName, byAction]) =>
    ACTIONS.flatMap((action) =>
      actors.map((actor) => ({
        targetName,
        action,
        actor,
        expected: (byAction[action].includes(actor) ? 'allowed' : 'denied') as Outcome,
      })),
    ),
  );
}
