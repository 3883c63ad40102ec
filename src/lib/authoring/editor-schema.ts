/**
 * Zod schemas for the editor's posted bodies (forms and JSON). Field text itself is free text
 * (the course checker explains what is wrong with it); these check the controls around it.
 */
import { z } from 'zod';

const hash = z.string().regex(/^([0-9a-f]{64})?$/, { error: 'The page is out of date. Reload it and try again; copy your text first.' });

export const editorPostSchema = z.object({
  action: z.enum(['preview', 'save']).catch('preview'),
  /** A row button: add-question, remove-option:0:1, add-unit… */
  op: z.string().regex(/^(add|remove)-[a-z]+(:\d{1,3}){0,3}$/).catch(''),
  base_hash: hash.catch(''),
  message: z.string().max(500, { error: 'Keep the note about what you changed under 500 characters.' }).catch(''),
});

export const newCourseSchema = z.object({
  title: z.string({ error: 'Write a title for the course.' }).trim().min(1, { error: 'Write a title for the course, with at least one letter or number.' }).max(200, { error: 'Keep the title under 200 characters.' }),
});

export const moduleOpSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add'), title: z.string().trim().min(1, { error: 'Write a title for the new module.' }).max(200, { error: 'Keep the title under 200 characters.' }), after: z.string().max(200).optional().default('') }),
  z.object({ action: z.enum(['up', 'down', 'retire']), file: z.string().min(1).max(200) }),
  z.object({ action: z.literal('bring-back'), file: z.string().min(1).max(200) }),
], { error: 'That button did not send what we expected. Reload the page and try again.' });

export const uploadSchema = z.object({
  alt: z.string().trim().min(1, { error: 'Describe the picture in a few words, so people who cannot see it know what it shows.' }).max(300, { error: 'Keep the description under 300 characters.' }),
});
