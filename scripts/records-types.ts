/**
 * `npm run records:generate`: starts a throwaway PocketBase with the repository's migrations
 * (as the tests do), reads the collections schema and writes src/lib/records.generated.ts.
 * `npm run records:check` (`--check`): writes nothing; exits 1 with a plain message when the
 * file differs from what the schema gives.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { startTestPocketBase } from '../tests/support/pocketbase.ts';
import { firstDifference, generateRecordTypes, GENERATED_PATH, type SchemaCollection } from './records-types-gen.ts';

/** The generated file's text for the schema the migrations build now. */
export async function generateFromMigrations(): Promise<string> {
  const pb = await startTestPocketBase();
  try {
    const client = new PocketBase(pb.url);
    client.autoCancellation(false);
    await client.collection('_superusers').authWithPassword(pb.service.email, pb.service.password);
    const collections = (await client.collections.getFullList()) as unknown as SchemaCollection[];
    return generateRecordTypes(collections);
  } finally {
    await pb.stop();
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const file = path.resolve(import.meta.dirname, '..', GENERATED_PATH);
  const expected = await generateFromMigrations();
  const actual = await readFile(file, 'utf8').catch(() => undefined);
  if (check) {
    if (actual === expected) {
      console.log(`${GENERATED_PATH} matches the schema.`);
      return;
    }
    console.error(
      actual === undefined
        ? `${GENERATED_PATH} is missing. Run npm run records:generate and commit it.`
        : `${GENERATED_PATH} does not match the schema the migrations build (${firstDifference(expected, actual)}). ` +
            'Run npm run records:generate, check src/lib/records.ts still compiles (npx tsc --noEmit), and commit both.',
    );
    process.exitCode = 1;
    return;
  }
  if (actual === expected) {
    console.log(`${GENERATED_PATH} is already up to date.`);
    return;
  }
  await writeFile(file, expected);
  console.log(`Wrote ${GENERATED_PATH}. Check src/lib/records.ts still compiles: npx tsc --noEmit -p tsconfig.json`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`Could not generate the record types: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
