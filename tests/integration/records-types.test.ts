/**
 * src/lib/records.generated.ts is what scripts/records-types.ts makes of the schema the
 * migrations build (the same check as `npm run records:check`). A migration that adds, drops
 * or changes a field fails here until the file is generated again; src/lib/records.ts builds
 * on it, so the type check then shows every place the change reaches.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFromMigrations } from '../../scripts/records-types.ts';
import { firstDifference, GENERATED_PATH } from '../../scripts/records-types-gen.ts';
import { repoPocketBaseDirs } from '../support/pocketbase.ts';

describe('src/lib/records.generated.ts', () => {
  it('matches the schema the migrations build (else: npm run records:generate)', async () => {
    const expected = await generateFromMigrations();
    const actual = readFileSync(path.join(repoPocketBaseDirs().projectRoot, GENERATED_PATH), 'utf8');
    expect(expected).toContain('export interface UsersFields {');
    if (actual !== expected) {
      expect.fail(`${GENERATED_PATH} does not match the schema (${firstDifference(expected, actual)}). Run npm run records:generate and commit it.`);
    }
  });
});
