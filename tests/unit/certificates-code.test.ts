import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH, checkCharacter, formatCode, generateCode, hasValidCheck, normaliseCode, parseCode } from '../../src/lib/certificates/code.ts';

const symbol = fc.constantFrom(...CODE_ALPHABET);
/** Any valid code: 15 arbitrary data characters and their check character. */
const validCode = fc.array(symbol, { minLength: 15, maxLength: 15 }).map((chars) => chars.join('') + checkCharacter(chars.join('')));

const replaceAt = (code: string, i: number, c: string) => code.slice(0, i) + c + code.slice(i + 1);
const swapAt = (code: string, i: number) => code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);

describe('certificate codes', () => {
  it('are 16 characters of Crockford base32 that pass their own check', () => {
    for (let i = 0; i < 1000; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
      expect(hasValidCheck(code)).toBe(true);
      expect(parseCode(code)).toEqual({ ok: true, code });
    }
  });

  it('print in four groups of four and read back the same, however they are typed', () => {
    fc.assert(
      fc.property(validCode, fc.constantFrom('', ' ', '  ', '_'), fc.boolean(), (code, spacer, lower) => {
        const printed = formatCode(code);
        expect(printed).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
        expect(normaliseCode(printed)).toBe(code);
        const typed = printed.replaceAll('-', spacer);
        expect(parseCode(lower ? typed.toLowerCase() : typed)).toEqual({ ok: true, code });
        expect(parseCode(` ${printed} `)).toEqual({ ok: true, code });
      }),
      { numRuns: 2000 },
    );
  });

  it('read O as zero and I or L as one, since codes never use those letters', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(parseCode(code.replaceAll('0', 'O').replaceAll('1', 'l'))).toEqual({ ok: true, code });
        expect(parseCode(code.replaceAll('1', 'I'))).toEqual({ ok: true, code });
      }),
    );
  });

  // The check is linear over GF(32), so whether a change is caught depends only on the
  // position and the two characters, never on the rest of the code: checking every
  // (position, old, new) on random codes covers all 32^15 codes.
  it('catch every single-character substitution (exhaustive over positions and character pairs)', () => {
    const missed: string[] = [];
    let checked = 0;
    for (let round = 0; round < 40; round++) {
      const code = generateCode();
      for (let i = 0; i < CODE_LENGTH; i++) {
        for (const c of CODE_ALPHABET) {
          if (c === code[i]) continue;
          if (hasValidCheck(replaceAt(code, i, c))) missed.push(`${code} with ${c} at ${i}`);
          checked++;
        }
      }
    }
    expect(missed).toEqual([]);
    expect(checked).toBe(40 * 16 * 31);
  });

  it('catch every swap of two neighbouring characters (exhaustive over positions and character pairs)', () => {
    const missed: string[] = [];
    let checked = 0;
    for (let i = 0; i < CODE_LENGTH - 1; i++) {
      for (const a of CODE_ALPHABET) {
        for (const b of CODE_ALPHABET) {
          if (a === b) continue;
          // a random code with a, b at i, i+1, made valid again by fixing a character elsewhere
          const base = replaceAt(replaceAt(generateCode(), i, a), i + 1, b);
          const fix = i + 2 < CODE_LENGTH ? CODE_LENGTH - 1 : 0;
          const code = [...CODE_ALPHABET].map((c) => replaceAt(base, fix, c)).find(hasValidCheck)!;
          if (code.slice(i, i + 2) !== a + b || hasValidCheck(swapAt(code, i))) missed.push(`${code} swapped at ${i}`);
          checked++;
        }
      }
    }
    expect(missed).toEqual([]);
    expect(checked).toBe(15 * 32 * 31);
  });

  it('catch every substitution and neighbour swap of random valid codes (property)', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const missed: string[] = [];
        for (let i = 0; i < CODE_LENGTH; i++) {
          for (const c of CODE_ALPHABET) if (c !== code[i] && parseCode(replaceAt(code, i, c)).ok) missed.push(replaceAt(code, i, c));
          if (i < CODE_LENGTH - 1 && code[i] !== code[i + 1] && parseCode(swapAt(code, i)).ok) missed.push(swapAt(code, i));
        }
        expect(missed).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('are not sequential: every character is uniform and neighbouring codes share almost nothing', () => {
    const count = 20_000;
    const codes = Array.from({ length: count }, () => generateCode());
    expect(new Set(codes).size).toBe(count);

    // chi-square per data position over 32 symbols (31 degrees of freedom; p = 10⁻⁶ is about 78)
    for (let position = 0; position < 15; position++) {
      const counts = new Array<number>(32).fill(0);
      for (const code of codes) counts[CODE_ALPHABET.indexOf(code[position]!)]!++;
      const expected = count / 32;
      const chiSquare = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
      expect(chiSquare, `position ${position}`).toBeLessThan(90);
    }

    // consecutive codes: a counter would differ in one or two places; random codes in ~14.5 of 15
    let differing = 0;
    for (let i = 1; i < count; i++) for (let p = 0; p < 15; p++) if (codes[i]![p] !== codes[i - 1]![p]) differing++;
    expect(differing / (count - 1)).toBeGreaterThan(14);
  });

  it('take their randomness from the source given (the system CSPRNG by default)', () => {
    const zeros = generateCode((n) => new Uint8Array(n));
    expect(zeros).toBe('000000000000000' + checkCharacter('000000000000000'));
    expect(generateCode(randomBytes)).not.toBe(zeros);
  });

  it('explain each kind of mistake in plain words', () => {
    expect(parseCode('7K3M-Q9TX-ZB2R-4WH')).toMatchInlineSnapshot(`
      {
        "message": "That code has 15 characters, but certificate codes have 16 (like 7K3M-Q9TX-ZB2R-4WH1): please check it against the certificate.",
        "ok": false,
        "reason": "length",
      }
    `);
    expect(parseCode('7K3M-Q9TX-ZB2R-4WHU')).toMatchInlineSnapshot(`
      {
        "message": "That code has a character certificate codes never use (“U”): please check it against the certificate. Codes use the digits 0–9 and the letters A–Z except I, L, O and U.",
        "ok": false,
        "reason": "characters",
      }
    `);
    expect(parseCode('7K3M-Q9TX-ZB2R-4WH2')).toMatchInlineSnapshot(`
      {
        "message": "That code has a typo: please check it against the certificate.",
        "ok": false,
        "reason": "check",
      }
    `);
    expect(parseCode('')).toMatchObject({ ok: false, reason: 'length' });
    expect(parseCode('https://x/verify/7K3M')).toMatchObject({ ok: false, reason: 'characters' });
  });
});
