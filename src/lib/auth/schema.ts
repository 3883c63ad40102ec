/**
 * Every form body about accounts, checked by zod with messages a person can act on (what is
 * wrong, how to fix it). `parseForm` turns a form into typed data or one message per field.
 * Field names match the `name` attributes in the pages.
 */
import { z } from 'zod';
import { authEn } from '../i18n/auth.ts';

const v = authEn.validation;

/** The shortest password we accept. PocketBase's own minimum is 8; we ask for more. */
export const PASSWORD_MIN = 10;
/** bcrypt (PocketBase's hash) reads at most 72 bytes; beyond that, characters would be ignored. */
export const PASSWORD_MAX_BYTES = 71;
export const DISPLAY_NAME_MAX = 80;
export const PRONOUNS_MAX = 40;
const EMAIL_MAX = 254;

const byteLength = (text: string) => new TextEncoder().encode(text).length;
const charLength = (text: string) => [...text].length;

/** A plain, forgiving shape check; PocketBase checks the address again. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const email = z
  .string({ error: v.emailMissing })
  .trim()
  .min(1, { error: v.emailMissing })
  .max(EMAIL_MAX, { error: v.emailTooLong })
  .regex(EMAIL_SHAPE, { error: v.emailInvalid });

/** For signing in: only "is it there"; a wrong address simply does not match. */
const signInEmail = z.string({ error: v.emailMissing }).trim().min(1, { error: v.emailMissing }).max(EMAIL_MAX, { error: v.emailTooLong });

/** A new password: at least 10 characters, at most what bcrypt reads. Never trimmed. */
const newPassword = (missing: string) =>
  z
    .string({ error: missing })
    .min(1, { error: missing })
    .check((ctx) => {
      const n = charLength(ctx.value);
      if (n > 0 && n < PASSWORD_MIN) ctx.issues.push({ code: 'custom', message: v.passwordTooShort(n), input: ctx.value });
      else if (byteLength(ctx.value) > PASSWORD_MAX_BYTES) ctx.issues.push({ code: 'custom', message: v.passwordTooLong, input: ctx.value });
    });

const displayName = z
  .string({ error: v.displayNameMissing })
  .trim()
  .min(1, { error: v.displayNameMissing })
  .check((ctx) => {
    const n = charLength(ctx.value);
    if (n > DISPLAY_NAME_MAX) ctx.issues.push({ code: 'custom', message: v.displayNameTooLong(n), input: ctx.value });
  });

const pronouns = z
  .string()
  .trim()
  .optional()
  .transform((value) => value ?? '')
  .check((ctx) => {
    const n = charLength(ctx.value);
    if (n > PRONOUNS_MAX) ctx.issues.push({ code: 'custom', message: v.pronounsTooLong(n), input: ctx.value });
  });

/** An HTML checkbox: present ("on") when ticked, absent when not. */
const checkbox = z
  .string({ error: v.checkbox })
  .optional()
  .transform((value) => value === 'on' || value === 'true' || value === '1');

export const SignUpInput = z.object({
  display_name: displayName,
  email,
  password: newPassword(v.passwordMissing),
  pronouns,
});
export type SignUpInput = z.output<typeof SignUpInput>;

export const SignInInput = z.object({
  email: signInEmail,
  password: z.string({ error: v.passwordMissing }).min(1, { error: v.passwordMissing }),
  next: z.string().optional(),
});
export type SignInInput = z.output<typeof SignInInput>;

export const ProfileInput = z.object({
  display_name: displayName,
  pronouns,
  pref_large_text: checkbox,
  pref_reduced_motion: checkbox,
  pref_dyslexia_spacing: checkbox,
});
export type ProfileInput = z.output<typeof ProfileInput>;

/** A new password typed twice (reset link). */
export const NewPasswordInput = z
  .object({
    password: newPassword(v.passwordMissing),
    password_confirm: z.string({ error: v.confirmMissing }).min(1, { error: v.confirmMissing }),
  })
  .check((ctx) => {
    const { password, password_confirm } = ctx.value;
    if (password && password_confirm && password !== password_confirm) {
      ctx.issues.push({ code: 'custom', path: ['password_confirm'], message: v.confirmDifferent, input: ctx.value });
    }
  });
export type NewPasswordInput = z.output<typeof NewPasswordInput>;

/** Changing a password while signed in: the current one, then the new one twice. */
export const PasswordChangeInput = z
  .object({
    current_password: z.string({ error: v.currentPasswordMissing }).min(1, { error: v.currentPasswordMissing }),
    password: newPassword(v.passwordMissing),
    password_confirm: z.string({ error: v.confirmMissing }).min(1, { error: v.confirmMissing }),
  })
  .check((ctx) => {
    const { current_password, password, password_confirm } = ctx.value;
    if (password && password_confirm && password !== password_confirm) {
      ctx.issues.push({ code: 'custom', path: ['password_confirm'], message: v.confirmDifferent, input: ctx.value });
    } else if (password && password === current_password) {
      ctx.issues.push({ code: 'custom', path: ['password'], message: v.sameAsCurrent, input: ctx.value });
    }
  });
export type PasswordChangeInput = z.output<typeof PasswordChangeInput>;

/** Asking for a reset email, or (staff) making a reset link for someone. */
export const EmailInput = z.object({ email });
export type EmailInput = z.output<typeof EmailInput>;

export type ParsedForm<T> = { ok: true; data: T } | { ok: false; fields: Record<string, string> };

/** Form fields as plain values: strings only (files are ignored); the last of repeated names wins. */
export function formToObject(form: FormData | URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/**
 * Checks a form against a schema. On failure, one message per field (the first problem
 * found for it), keyed by the field's `name`; problems not tied to a field go under `form`.
 */
export function parseForm<S extends z.ZodType>(schema: S, input: FormData | URLSearchParams | Record<string, unknown>): ParsedForm<z.output<S>> {
  const values = input instanceof FormData || input instanceof URLSearchParams ? formToObject(input) : input;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : 'form';
    fields[key] ??= issue.message;
  }
  return { ok: false, fields };
}

/** The values to put back into a form after an error: everything typed, except passwords. */
export function keptValues(form: FormData | URLSearchParams | Record<string, string>): Record<string, string> {
  const values = form instanceof FormData || form instanceof URLSearchParams ? formToObject(form) : { ...form };
  for (const key of Object.keys(values)) {
    if (key.includes('password')) delete values[key];
  }
  return values;
}

/** Asking to change your email: the new address and your current password. */
export const EmailChangeInput = z.object({
  new_email: email,
  current_password: z.string({ error: v.currentPasswordMissing }).min(1, { error: v.currentPasswordMissing }),
});
export type EmailChangeInput = z.output<typeof EmailChangeInput>;
