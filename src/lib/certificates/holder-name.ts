/**
 * How a holder's name is shown to people checking a certificate, as the holder chose:
 * in full; as initials; or only to someone who types the holder's surname. Pure.
 *
 * People with lived experience of mental distress may not want their name, and so a course
 * they took, shown to anyone holding the code; an employer who already knows them can still
 * confirm it is theirs by typing their surname.
 */

export const NAME_DISPLAYS = ['full', 'initials', 'surname_check'] as const;
export type NameDisplay = (typeof NAME_DISPLAYS)[number];

const words = (name: string) =>
  name
    .normalize('NFC')
    .trim()
    .split(/[\s\u2010-\u2015-]+/)
    .filter(Boolean);

/** "Jordan Ellis-Mbeki" → "J. E. M."; "Ó Briain" → "Ó. B.". */
export function initialsOf(name: string): string {
  return words(name)
    .map((word) => {
      const first = [...word].find((c) => /\p{L}|\p{N}/u.test(c));
      return first ? `${first.toLocaleUpperCase('en-GB')}.` : '';
    })
    .filter(Boolean)
    .join(' ');
}

/** Letters and digits only, lower case, without accents: "O’Brien" and "obrien" compare equal. */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en-GB')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * True when `typed` is the holder's surname: the last word of the name, or the last few words
 * together ("de la Cruz", "Ellis-Mbeki"; the last part alone, "Mbeki", also counts). Case,
 * accents, spaces and punctuation do not matter.
 */
export function surnameMatches(name: string, typed: string): boolean {
  const guess = foldName(typed);
  if (!guess) return false;
  const parts = words(name);
  const candidates = new Set<string>();
  for (let k = 1; k <= parts.length; k++) candidates.add(foldName(parts.slice(-k).join('')));
  return candidates.has(guess);
}

export interface ShownName {
  /** The name to show, or null when it stays hidden. */
  name: string | null;
  display: NameDisplay;
  /** With `surname_check`: whether the typed surname matched (null when none was typed). */
  surname_matches: boolean | null;
}

/**
 * What a person checking the certificate sees of the holder's name.
 *
 * @param typedSurname what the visitor typed, for `surname_check`
 */
export function shownHolderName(name: string, display: string | undefined, typedSurname?: string | null): ShownName {
  const choice: NameDisplay = (NAME_DISPLAYS as readonly string[]).includes(display ?? '') ? (display as NameDisplay) : 'full';
  if (choice === 'full') return { name, display: choice, surname_matches: null };
  if (choice === 'initials') return { name: initialsOf(name), display: choice, surname_matches: null };
  if (typedSurname === undefined || typedSurname === null || typedSurname.trim() === '') return { name: null, display: choice, surname_matches: null };
  const matches = surnameMatches(name, typedSurname);
  return { name: matches ? name : null, display: choice, surname_matches: matches };
}
