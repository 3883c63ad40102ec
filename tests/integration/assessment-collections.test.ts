/**
 * The assessment collections of docs/DATA-MODEL.md (issue 5) as the migrations build them:
 * the new users and cohorts fields, timestamps, the evidence file limits, "one per …"
 * indexes, and which relations cascade. (Who may do what is in assessment-rules.test.ts;
 * what the hooks check is in assessment-hooks.test.ts.)
 */
import type PocketBase from 'pocketbase';
import type { CollectionModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const COLLECTIONS = [
  'evidence',
  'observations',
  'decisions',
  'unit_signoffs',
  'qa_plans',
  'qa_samples',
  'reflection_comments',
  'audit_log',
] as const;

describe('assessment collections', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  const schema: Record<string, CollectionModel> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    for (const name of [...COLLECTIONS, 'users', 'cohorts']) schema[name] = await service.collections.getOne(name);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const field = (collection: string, name: string) => schema[collection]!.fields.find((f) => f.name === name);

  it('users have the iqa role, the new-assessor flag and an organisation', () => {
    expect(field('users', 'role')).toMatchObject({ values: expect.arrayContaining(['iqa', 'verifier', 'assessor']) });
    expect(field('users', 'new_assessor')).toMatchObject({ type: 'bool' });
    expect(field('users', 'organisation')).toMatchObject({ type: 'text', max: 200 });
  });

  it.each(['trainers', 'assessors', 'iqas', 'verifiers'])('cohorts list their %s', (name) => {
    expect(field('cohorts', name)).toMatchObject({ type: 'relation', collectionId: schema['users']!.id, maxSelect: 999 });
  });

  it.each(COLLECTIONS)('%s has `created` and `updated` timestamps', (collection) => {
    expect(field(collection, 'created')).toMatchObject({ type: 'autodate', onCreate: true, onUpdate: false });
    expect(field(collection, 'updated')).toMatchObject({ type: 'autodate', onCreate: true, onUpdate: true });
  });

  it('keeps evidence files protected, at most 5 of 10 MB, and never SVG or HTML', () => {
    const files = field('evidence', 'files')!;
    expect(files).toMatchObject({ type: 'file', protected: true, maxSelect: 5, maxSize: 10 * 1024 * 1024 });
    // Recognised by content, not by name: a page or a script renamed .png is still refused.
    expect(files['mimeTypes']).toEqual([
      'application/pdf',
      'image/png',
      'image/jpeg',
      'image/webp',
      'image/gif',
      'audio/mpeg',
      'audio/mp4',
      'audio/x-m4a',
      'audio/ogg',
      'audio/wav',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
  });

  it('keeps the length limits of the data model', () => {
    expect(field('evidence', 'text')).toMatchObject({ type: 'text', max: 20_000 });
    expect(field('observations', 'context')).toMatchObject({ type: 'text', max: 2_000 });
    expect(field('observations', 'notes')).toMatchObject({ type: 'text', max: 20_000 });
    expect(field('decisions', 'feedback')).toMatchObject({ type: 'text', required: true, max: 10_000 });
    expect(field('reflection_comments', 'body')).toMatchObject({ type: 'text', max: 5_000 });
    expect(field('qa_samples', 'rationale')).toMatchObject({ type: 'text', required: true });
  });

  it('has the unique indexes of the data model', () => {
    const unique = (collection: string) => schema[collection]!.indexes.filter((sql) => /UNIQUE/.test(sql));
    expect(unique('decisions')).toEqual([
      "CREATE UNIQUE INDEX `idx_decisions_evidence_supersedes` ON `decisions` (`evidence`, `supersedes`) WHERE `evidence` != ''",
      "CREATE UNIQUE INDEX `idx_decisions_observation_supersedes` ON `decisions` (`observation`, `supersedes`) WHERE `observation` != ''",
    ]);
    expect(unique('unit_signoffs')).toEqual([
      "CREATE UNIQUE INDEX `idx_unit_signoffs_user_course_unit` ON `unit_signoffs` (`user`, `course`, `unit`, `supersedes`)",
    ]);
  });

  it('locks the append-only collections for everyone but the superuser', () => {
    for (const collection of COLLECTIONS) {
      expect([schema[collection]!.updateRule, schema[collection]!.deleteRule], collection).toEqual([null, null]);
    }
    expect(schema['audit_log']!.createRule).toBeNull();
  });

  it('cascades only comments with their reflection', () => {
    const relations = COLLECTIONS.flatMap((collection) =>
      schema[collection]!.fields.filter((f) => f.type === 'relation').map((f) => ({ at: `${collection}.${f.name}`, cascade: f['cascadeDelete'] })),
    );
    expect(relations.filter((r) => r.cascade).map((r) => r.at)).toEqual(['reflection_comments.reflection']);
    expect(relations.length).toBeGreaterThanOrEqual(20);
  });
});
