/**
 * docs/DATA-MODEL.md describes the collections the migrations build. Its `## name` headings
 * (one per collection, the first word of the heading) must name exactly the collections a
 * freshly migrated PocketBase has, leaving out PocketBase's own system collections
 * (`_superusers`, `_mfas`, `_otps`, `_externalAuths`, `_authOrigins`, …). A new collection
 * without a section, or a section for a collection that is gone, fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClient } from '../support/fixtures-pb.ts';
import { repoPocketBaseDirs, startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

/** The collection names a DATA-MODEL.md text documents: the first word of each `## ` heading. */
export function documentedCollections(markdown: string): string[] {
  const names = [...markdown.matchAll(/^## +([A-Za-z0-9_]+)/gm)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

describe('docs/DATA-MODEL.md', () => {
  let pb: TestPocketBase;
  let schema: string[] = [];
  const doc = readFileSync(path.join(repoPocketBaseDirs().projectRoot, 'docs/DATA-MODEL.md'), 'utf8');

  beforeAll(async () => {
    pb = await startTestPocketBase();
    const service = await serviceClient(pb);
    const collections = await service.collections.getFullList();
    schema = collections
      .filter((c) => !c.system && !c.name.startsWith('_'))
      .map((c) => c.name)
      .sort();
  });
  afterAll(async () => {
    await pb?.stop();
  });

  it('has one section per collection the migrations create, and none for collections that do not exist', () => {
    expect(schema.length).toBeGreaterThan(10);
    expect(documentedCollections(doc)).toEqual(schema);
  });

  it('reads headings as collection names (first word only, each once)', () => {
    expect(documentedCollections('# Title\n## users (auth)\n## cohorts — groups\n### not_this\n## users\ntext ## nope\n')).toEqual(['cohorts', 'users']);
  });
});
