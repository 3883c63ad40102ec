/**
 * scripts/records-types-gen.ts: PocketBase's collection schema → the record types of
 * src/lib/records.generated.ts (the real schema is checked in
 * tests/integration/records-types.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fieldType, firstDifference, generateRecordTypes, pascalCase } from '../../scripts/records-types-gen.ts';

describe('fieldType', () => {
  it('gives each PocketBase field type the type its JSON has', () => {
    expect(fieldType({ name: 'a', type: 'text' })).toBe('string');
    expect(fieldType({ name: 'a', type: 'editor' })).toBe('string');
    expect(fieldType({ name: 'a', type: 'autodate' })).toBe('string');
    expect(fieldType({ name: 'a', type: 'number' })).toBe('number');
    expect(fieldType({ name: 'a', type: 'bool' })).toBe('boolean');
    expect(fieldType({ name: 'a', type: 'json' })).toBe('unknown');
    expect(fieldType({ name: 'a', type: 'relation', maxSelect: 1 })).toBe('string');
    expect(fieldType({ name: 'a', type: 'relation', maxSelect: 99 })).toBe('string[]');
    expect(fieldType({ name: 'a', type: 'file', maxSelect: 5 })).toBe('string[]');
  });

  it('types a select by its values; an optional single select may be empty', () => {
    expect(fieldType({ name: 's', type: 'select', values: ['open', 'done'], maxSelect: 1, required: true })).toBe("'open' | 'done'");
    expect(fieldType({ name: 's', type: 'select', values: ['open', 'done'], maxSelect: 1 })).toBe("'open' | 'done' | ''");
    expect(fieldType({ name: 's', type: 'select', values: ['a', 'b'], maxSelect: 2 })).toBe("Array<'a' | 'b'>");
  });

  it('leaves out what PocketBase never sends (hidden fields, passwords)', () => {
    expect(fieldType({ name: 'password', type: 'password' })).toBeUndefined();
    expect(fieldType({ name: 'tokenKey', type: 'text', hidden: true })).toBeUndefined();
  });

  it('refuses a field type it does not know, saying where to add it', () => {
    expect(() => fieldType({ name: 'where', type: 'hologram' })).toThrow(/"where" has type "hologram".*fieldType\(\)/);
  });
});

describe('generateRecordTypes', () => {
  const schema = [
    { name: 'users', type: 'auth', fields: [{ name: 'id', type: 'text' }, { name: 'password', type: 'password' }, { name: 'display_name', type: 'text' }] },
    { name: '_superusers', type: 'auth', system: true, fields: [{ name: 'email', type: 'email' }] },
    { name: 'module_feedback', type: 'base', fields: [{ name: 'anonymous', type: 'bool' }] },
  ];

  it('writes one Fields interface per collection of ours (not system ones), sorted, and the name map', () => {
    const text = generateRecordTypes(schema);
    expect(text).toContain("export const COLLECTION_NAMES = ['module_feedback', 'users'] as const;");
    expect(text).toContain('export interface ModuleFeedbackFields {\n  anonymous: boolean;\n}');
    expect(text).toContain('export interface UsersFields {\n  display_name: string;\n}');
    expect(text).not.toContain('Superusers');
    expect(text).toContain('  users: UsersFields;');
    expect(text.indexOf('ModuleFeedbackFields {')).toBeLessThan(text.indexOf('UsersFields {'));
  });

  it('gives the same text for the same schema, whatever the order collections come in', () => {
    expect(generateRecordTypes([...schema].reverse())).toBe(generateRecordTypes(schema));
  });

  it('names collections in PascalCase', () => {
    expect(pascalCase('module_feedback_team')).toBe('ModuleFeedbackTeam');
  });
});

describe('firstDifference', () => {
  it('says on which line the file and the schema part', () => {
    expect(firstDifference('a\nb\nc', 'a\nB\nc')).toBe('line 2: the schema gives "b", the file has "B"');
    expect(firstDifference('a\nb', 'a')).toBe('line 2: the schema gives "b", the file has "(end of file)"');
    expect(firstDifference('a', 'a')).toBe('no difference');
  });
});
