/**
 * The impact questionnaire in "Download everything about me" and "Close my account"
 * (docs/PRIVACY.md, docs/IMPACT.md), against a real PocketBase: a person's download holds
 * their choice and their answers (with anything they wrote); closing their account deletes both.
 */
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { eraseAccount } from '../../src/lib/privacy/erase.ts';
import { collectPersonData } from '../../src/lib/privacy/export.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';
let pb: TestPocketBase;
let service: PocketBase;

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = await serviceClient(pb);
});
afterAll(async () => {
  await pb?.stop();
});

async function answered(tag: string) {
  const user = await createUser(service, { email: `q-${tag}@example.org`, password: PASSWORD, display_name: 'Quinn', roles: ['trainee'] });
  await service.collection('enrolments').create({ user: user.id, course: COURSE, status: 'active' });
  const own = await clientAs(pb.url, user.email, PASSWORD);
  await own.collection('impact_consents').create({ user: user.id, course: COURSE, choice: 'yes' });
  await own.collection('impact_answers').create({ user: user.id, course: COURSE, round: 'start', scores: { 'lead-meeting': 2 }, comment: `ANSWER-CANARY-${tag}`, quote_ok: true });
  return user;
}

describe('impact questionnaire answers in the download and on closing an account', () => {
  it('the person’s download holds their choice and their answers', async () => {
    const user = await answered('export');
    const mine = await collectPersonData(service as TypedPocketBase, user.id, new Date());
    expect(mine.collections['impact_consents']!.map((r) => r['choice'])).toEqual(['yes']);
    expect(mine.collections['impact_answers']!.map((r) => r['comment'])).toEqual(['ANSWER-CANARY-export']);
  });

  it('closing the account deletes their answers and their choice', async () => {
    const user = await answered('close');
    await eraseAccount(service as TypedPocketBase, user.id, { kind: 'self' });
    expect(await service.collection('impact_answers').getFullList({ filter: service.filter('comment ~ {:c}', { c: 'CANARY-close' }) })).toEqual([]);
    expect(await service.collection('impact_consents').getFullList({ filter: service.filter('user = {:u}', { u: user.id }) })).toEqual([]);
  });
});
