import { describe, expect, it } from 'vitest';
import { classList, emailKey, preferenceClasses } from '../../src/lib/auth/account.ts';

describe('preferenceClasses', () => {
  it('gives one <body> class per preference that is on', () => {
    expect(preferenceClasses({ pref_large_text: true, pref_reduced_motion: false, pref_dyslexia_spacing: true })).toEqual([
      'pref-large-text',
      'pref-dyslexia-spacing',
    ]);
    expect(preferenceClasses({ pref_large_text: false, pref_reduced_motion: true, pref_dyslexia_spacing: false })).toEqual(['pref-reduced-motion']);
  });

  it('gives none when signed out', () => {
    expect(preferenceClasses(null)).toEqual([]);
    expect(preferenceClasses(undefined)).toEqual([]);
  });
});

describe('classList and emailKey', () => {
  it('joins classes, and leaves the attribute out when there are none', () => {
    expect(classList('page-module', 'pref-large-text')).toBe('page-module pref-large-text');
    expect(classList(undefined, '', null, false)).toBeUndefined();
  });

  it('counts the same email however it is typed', () => {
    expect(emailKey('  Kim@Example.ORG ')).toBe('kim@example.org');
  });
});
