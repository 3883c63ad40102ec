/**
 * Competency ratings and peer invites in "Download everything about me" and "Close my account"
 * (docs/PRIVACY.md), against a real PocketBase: a trainee's download holds the ratings of them
 * and their invites; a peer's download holds the ratings they wrote; closing the trainee's
 * account deletes the ratings about them and their invites; closing the peer's account deletes
 * the ratings they wrote about someone else, and nothing of the trainee's own.
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

async function world(tag: string) {
  const person = (name: string) => createUser(service, { email: `${name}-${tag}@example.org`, password: PASSWORD, display_name: name, roles: ['trainee'] });
  const trainee = await person('Tia');
  const peer = await person('Pat');
  const cohort = (await service.collection('cohorts').create({ name: `G ${tag}`, course: COURSE })).id;
  for (const who of [trainee, peer]) await service.collection('enrolments').create({ user: who.id, course: COURSE, cohort, status: 'active' });
  const asTrainee = await clientAs(pb.url, trainee.email, PASSWORD);
  const asPeer = await clientAs(pb.url, peer.email, PASSWORD);
  const invite = await asTrainee
    .collection('rating_invites')
    .create({ user: trainee.id, course: COURSE, peer: peer.id, trainee_name: 'Tia', peer_name: 'Pat', status: 'open', message: `INVITE-CANARY-${tag}` });
  await asTrainee
    .collection('competency_ratings')
    .create({ user: trainee.id, course: COURSE, competency: 'listening', role: 'self', score: 2, comment: `SELF-CANARY-${tag}`, rater: trainee.id, rater_name: 'Tia' });
  await asPeer.collection('competency_ratings').create({
    user: trainee.id,
    course: COURSE,
    competency: 'listening',
    role: 'peer',
    score: 4,
    comment: `PEER-CANARY-${tag}`,
    rater: peer.id,
    rater_name: 'Pat',
    invite: invite.id,
  });
  return { trainee, peer };
}

const comments = async (filter: string) => (await service.collection('competency_ratings').getFullList({ filter })).map((r) => r['comment'] as string);

describe('ratings in the download and on closing an account', () => {
  it('each person’s download holds the ratings about them, their invites, and the ratings they wrote', async () => {
    const { trainee, peer } = await world('export');
    const mine = await collectPersonData(service as TypedPocketBase, trainee.id, new Date());
    expect(mine.collections['competency_ratings']!.map((r) => r['comment']).sort()).toEqual(['PEER-CANARY-export', 'SELF-CANARY-export']);
    expect(mine.collections['rating_invites']!.map((r) => r['message'])).toEqual(['INVITE-CANARY-export']);
    const theirs = await collectPersonData(service as TypedPocketBase, peer.id, new Date());
    expect(theirs.collections['competency_ratings']!.map((r) => r['comment'])).toEqual(['PEER-CANARY-export']);
  });

  it('closing the trainee’s account deletes the ratings about them and their invites', async () => {
    const { trainee } = await world('trainee');
    await eraseAccount(service as TypedPocketBase, trainee.id, { kind: 'self' });
    expect(await comments(service.filter('comment ~ {:c}', { c: 'CANARY-trainee' }))).toEqual([]);
    expect(await service.collection('rating_invites').getFullList({ filter: service.filter('message ~ {:c}', { c: 'CANARY-trainee' }) })).toEqual([]);
  });

  it('closing the peer’s account deletes the ratings they wrote, and keeps the trainee’s own', async () => {
    const { peer } = await world('peer');
    await eraseAccount(service as TypedPocketBase, peer.id, { kind: 'self' });
    expect(await comments(service.filter('comment ~ {:c}', { c: 'CANARY-peer' }))).toEqual(['SELF-CANARY-peer']);
    expect(await service.collection('rating_invites').getFullList({ filter: service.filter('message ~ {:c}', { c: 'CANARY-peer' }) })).toEqual([]);
  });
});
