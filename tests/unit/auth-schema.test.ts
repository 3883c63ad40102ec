import { describe, expect, it } from 'vitest';
import { EmailInput, keptValues, NewPasswordInput, parseForm, PasswordChangeInput, ProfileInput, SignInInput, SignUpInput } from '../../src/lib/auth/schema.ts';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.append(k, v);
  return data;
};

describe('sign-up form', () => {
  it('accepts a good form, trimming names and emails but never passwords', () => {
    const parsed = parseForm(SignUpInput, form({ display_name: '  Sam  ', email: ' sam@example.org ', password: ' ten chars! ', pronouns: ' they/them ' }));
    expect(parsed).toEqual({ ok: true, data: { display_name: 'Sam', email: 'sam@example.org', password: ' ten chars! ', pronouns: 'they/them' } });
  });

  it('has no `role`: a role sent in the form is dropped', () => {
    const parsed = parseForm(SignUpInput, form({ display_name: 'Sam', email: 'sam@example.org', password: 'long enough pw', role: 'admin' }));
    expect(parsed.ok && Object.keys(parsed.data)).toEqual(['display_name', 'email', 'password', 'pronouns']);
  });

  it('explains every problem next to its field, plainly', () => {
    const parsed = parseForm(SignUpInput, form({ display_name: ' ', email: 'sam at example', password: 'short', pronouns: 'x'.repeat(41) }));
    expect(parsed).toMatchInlineSnapshot(`
      {
        "fields": {
          "display_name": "Please enter the name you would like to be called.",
          "email": "This does not look like an email address. Please check it, for example name@example.org.",
          "password": "Your password needs at least 10 characters. This one has 5. Adding another everyday word is an easy way to make it longer.",
          "pronouns": "Pronouns can be up to 40 characters. These have 41: please shorten them.",
        },
        "ok": false,
      }
    `);
  });

  it('counts characters, not bytes, for the 10-character minimum, and refuses what bcrypt would cut off', () => {
    expect(parseForm(SignUpInput, form({ display_name: 'Ana', email: 'a@b.org', password: 'ñandú ñandú' })).ok).toBe(true);
    const long = parseForm(SignUpInput, form({ display_name: 'Ana', email: 'a@b.org', password: 'é'.repeat(40) }));
    expect(long.ok ? '' : long.fields.password).toBe('Your password can be up to 70 characters. Please use a shorter one.');
  });

  it('says when fields are missing altogether', () => {
    const parsed = parseForm(SignUpInput, form({}));
    expect(parsed.ok ? {} : parsed.fields).toEqual({
      display_name: 'Please enter the name you would like to be called.',
      email: 'Please enter your email address.',
      password: 'Please enter your password.',
    });
  });

  it('gives the length of a name that is too long', () => {
    const parsed = parseForm(SignUpInput, form({ display_name: 'n'.repeat(81), email: 'a@b.org', password: 'long enough pw' }));
    expect(parsed.ok ? '' : parsed.fields.display_name).toBe('Your name can be up to 80 characters. This one has 81: please shorten it.');
  });
});

describe('sign-in form', () => {
  it('only asks that both are there (a short old password still signs in)', () => {
    expect(parseForm(SignInInput, form({ email: 'kim@example.org', password: 'short', next: '/x' }))).toEqual({
      ok: true,
      data: { email: 'kim@example.org', password: 'short', next: '/x' },
    });
    expect(parseForm(SignInInput, form({ email: '', password: '' }))).toEqual({
      ok: false,
      fields: { email: 'Please enter your email address.', password: 'Please enter your password.' },
    });
  });
});

describe('profile form', () => {
  it('reads ticked checkboxes as true and missing ones as false', () => {
    const parsed = parseForm(ProfileInput, form({ display_name: 'Kim', pref_large_text: 'on', pref_dyslexia_spacing: 'on' }));
    expect(parsed).toEqual({
      ok: true,
      data: { display_name: 'Kim', pronouns: '', pref_large_text: true, pref_reduced_motion: false, pref_dyslexia_spacing: true },
    });
  });
});

describe('new password twice', () => {
  it('says when the two differ, next to the second box', () => {
    expect(parseForm(NewPasswordInput, form({ password: 'first password', password_confirm: 'other password' }))).toEqual({
      ok: false,
      fields: { password_confirm: 'The two new passwords are different. Please type the same password in both boxes.' },
    });
    expect(parseForm(NewPasswordInput, form({ password: 'first password', password_confirm: '' }))).toEqual({
      ok: false,
      fields: { password_confirm: 'Please type your new password again.' },
    });
  });

  it('when changing, asks for the current password and a different new one', () => {
    expect(parseForm(PasswordChangeInput, form({ current_password: '', password: 'new password 1', password_confirm: 'new password 1' }))).toEqual({
      ok: false,
      fields: { current_password: 'Please enter your current password.' },
    });
    expect(parseForm(PasswordChangeInput, form({ current_password: 'same password', password: 'same password', password_confirm: 'same password' }))).toEqual({
      ok: false,
      fields: { password: 'Your new password is the same as your current one. Please choose a different one.' },
    });
  });
});

describe('email form and kept values', () => {
  it('checks the email', () => {
    expect(parseForm(EmailInput, form({ email: 'kim@example.org' }))).toEqual({ ok: true, data: { email: 'kim@example.org' } });
    expect(parseForm(EmailInput, form({ email: 'kim' })).ok).toBe(false);
  });

  it('keeps everything typed except passwords', () => {
    expect(keptValues(form({ display_name: 'Sam', email: 'x', password: 'secret', current_password: 'a', password_confirm: 'b', pronouns: 'she/her' }))).toEqual({
      display_name: 'Sam',
      email: 'x',
      pronouns: 'she/her',
    });
  });
});
