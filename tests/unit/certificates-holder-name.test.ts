/** How the holder's name is shown to people checking a certificate, as the holder chose. */
import { describe, expect, it } from 'vitest';
import { foldName, initialsOf, shownHolderName, surnameMatches } from '../../src/lib/certificates/holder-name.ts';

describe('initials', () => {
  it('keeps the first letter of every part of the name', () => {
    expect(initialsOf('Jordan Ellis-Mbeki')).toBe('J. E. M.');
    expect(initialsOf('  ana   de la cruz ')).toBe('A. D. L. C.');
    expect(initialsOf('Ó Briain')).toBe('Ó. B.');
    expect(initialsOf("'Nkechi")).toBe('N.');
  });
});

describe('the surname check', () => {
  it('matches the last word, ignoring case, accents, spaces and punctuation', () => {
    expect(surnameMatches('Jordan Ellis-Mbeki', 'ellis-mbeki')).toBe(true);
    expect(surnameMatches('Jordan Ellis-Mbeki', 'Ellis Mbeki')).toBe(true);
    expect(surnameMatches('Jordan Ellis-Mbeki', 'MBEKI')).toBe(true);
    expect(surnameMatches('Siobhán O’Brien', "o'brien")).toBe(true);
    expect(surnameMatches('Siobhán O’Brien', 'OBrien')).toBe(true);
    expect(surnameMatches('Zoë Müller', 'muller')).toBe(true);
    expect(surnameMatches('Ana de la Cruz', 'de la Cruz')).toBe(true);
    expect(surnameMatches('Ana de la Cruz', 'Cruz')).toBe(true);
  });

  it('does not match a first name, part of a word, or nothing', () => {
    expect(surnameMatches('Jordan Ellis-Mbeki', 'Jordan')).toBe(false);
    expect(surnameMatches('Jordan Ellis-Mbeki', 'Ellis')).toBe(false);
    expect(surnameMatches('Jordan Ellis-Mbeki', 'Mbek')).toBe(false);
    expect(surnameMatches('Jordan Ellis-Mbeki', '  ')).toBe(false);
    expect(surnameMatches('Jordan Ellis-Mbeki', '—')).toBe(false);
  });

  it('folds text to letters and digits', () => {
    expect(foldName(' Ó’Brien-Smyth ')).toBe('obriensmyth');
  });
});

describe('what a person checking sees', () => {
  it('full: the name', () => {
    expect(shownHolderName('Jordan Ellis-Mbeki', 'full')).toEqual({ name: 'Jordan Ellis-Mbeki', display: 'full', surname_matches: null });
  });

  it('initials: only the initials, whatever surname is typed', () => {
    expect(shownHolderName('Jordan Ellis-Mbeki', 'initials', 'Ellis-Mbeki')).toEqual({ name: 'J. E. M.', display: 'initials', surname_matches: null });
  });

  it('surname check: hidden until the surname is typed correctly', () => {
    expect(shownHolderName('Jordan Ellis-Mbeki', 'surname_check')).toEqual({ name: null, display: 'surname_check', surname_matches: null });
    expect(shownHolderName('Jordan Ellis-Mbeki', 'surname_check', 'Smith')).toEqual({ name: null, display: 'surname_check', surname_matches: false });
    expect(shownHolderName('Jordan Ellis-Mbeki', 'surname_check', 'mbeki')).toEqual({ name: 'Jordan Ellis-Mbeki', display: 'surname_check', surname_matches: true });
  });

  it('an unknown or empty choice shows the name in full (the default)', () => {
    expect(shownHolderName('Kim Lee', '').display).toBe('full');
    expect(shownHolderName('Kim Lee', 'nonsense').name).toBe('Kim Lee');
  });
});
