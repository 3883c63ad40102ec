/**
 * Problems in the form's own words. The checker speaks about files (`path:line`, YAML settings
 * such as `correct: true`); an author using the editor's form sees labels such as "This answer
 * is correct". This turns a checker message about a front-matter setting into a sentence that
 * names the field as the form labels it and never shows YAML or line numbers. The file:line
 * wording stays for `courses:check`, the raw settings box and the Markdown text.
 *
 * Known messages get a sentence of their own; any other message is cleaned up: setting names
 * become labels, YAML examples lose their `key:`, and the list position ("question 2, option
 * 1") becomes the fieldset names the form shows.
 */
import { authoringEn } from '../i18n/authoring.ts';

const w = authoringEn.formWords;

type Key = (string | number)[];
export type FormKind = 'module' | 'course';

/** The label of a setting as the form shows it (the last key of its path). */
function labelOf(name: string, kind: FormKind): string | undefined {
  return (kind === 'module' ? w.moduleLabels : w.courseLabels)[name] ?? w.sharedLabels[name];
}

/** "question 2, option 1" as the fieldset names say it, from a key path. */
export function placeOf(key: Key, kind: FormKind): string {
  const parts: string[] = [];
  key.forEach((part, i) => {
    if (typeof part !== 'number') return;
    const list = String(key[i - 1] ?? '');
    const name = w.items[list];
    if (name) parts.push(name(part + 1));
  });
  if (kind === 'module' && key[0] === 'knowledge_check' && parts.length === 0) parts.push(w.knowledgeCheck);
  return parts.join(', ');
}

/** The checker's own list prefix ("question 1, option 2: "), said by placeOf instead. */
const stripPrefix = (message: string) => message.replace(/^(?:[a-z_ ]+ \d+(?:, )?)+: /, '').replace(/^(?:accreditation|knowledge check): /, '');

/**
 * The key path of the field a problem is about. A missing setting is not in the YAML, so the
 * checker's line points at its parent (or a sibling on the same line): the missing name, read
 * from the message, takes the sibling's place.
 */
export function formKey(message: string, key: Key): Key {
  const missing = /^`([a-z_]+)` is missing/.exec(stripPrefix(message))?.[1];
  if (!missing) return key;
  return typeof key.at(-1) === 'string' && key.length > 0 ? [...key.slice(0, -1), missing] : [...key, missing];
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Plain words for one checker message about the setting at `key` in a module or course form. */
export function formWords(message: string, key: Key, kind: FormKind): string {
  const text = stripPrefix(message);
  const where = placeOf(key, kind);
  const last = [...key].reverse().find((k) => typeof k === 'string') as string | undefined;
  let m: RegExpExecArray | null;

  if ((m = /^question (\d+) is `single` but has (\d+) correct options/.exec(text))) return w.singleCorrect(Number(m[1]), Number(m[2]));
  if ((m = /^question (\d+) has no correct option/.exec(text))) return w.noneCorrect(Number(m[1]));
  if ((m = /^question id "(.*)" is used twice/.exec(text))) return w.questionIdTwice(m[1]!);
  if (/^a question needs at least two options/.test(text)) return w.twoOptions(where);
  if ((m = /^criterion `(.+)` is not in course\.md/.exec(text))) return w.notInCourse(w.criterionWord, m[1]!, labelOf('criteria', 'module')!);
  if ((m = /^learning outcome `(.+)` is not in course\.md/.exec(text))) return w.notInCourse(w.outcomeWord, m[1]!, labelOf('outcomes', 'module')!);
  if ((m = /^framework domain `(.+)` is not declared/.exec(text))) return w.notInCourse(w.domainWord, m[1]!, labelOf('maps_to', 'module')!);
  if ((m = /^assessment criterion (\S+) is not covered by any module/.exec(text))) return w.notCovered(m[1]!, labelOf('criteria', 'module')!);
  if ((m = /^the units add up to (\d+) credits but `credits` says (\d+)/.exec(text))) return w.creditsSum(Number(m[1]), Number(m[2]));
  if ((m = /^the units add up to (\d+) guided learning hours but `guided_learning_hours` says (\d+)/.exec(text))) return w.hoursSum(Number(m[1]), Number(m[2]));
  if ((m = /^(\d+) credits means (\d+) hours of total qualification time .*, not (\d+)/.exec(text))) return w.tqt(Number(m[1]), Number(m[2]), Number(m[3]));

  const list = typeof key.at(-2) === 'number' ? String(key.at(-3) ?? '') : '';
  const label = last ? (w.contextLabels[`${list}.${last}`] ?? labelOf(last, kind)) : undefined;
  const none = /^(?:this [a-z ]+|the course|the knowledge check) has no ([a-z ]+?) —|^no (authors) are listed/.exec(text);
  if (none) {
    const missing = none[1] ?? none[2]!;
    const button = w.addButtons[missing];
    if (button) return w.addRow(where, missing, button);
  }
  if (label && (m = new RegExp(`^\`${last}\` must be (?:a|more than 0)`).exec(text)) && /number|more than 0/.test(text)) {
    return w.wholeNumber(label, where, /e\.g\. (?:[a-z_]+: )?(\d+)/.exec(text)?.[1] ?? '1');
  }
  if (label && new RegExp(`^\`${last}\` is (missing|empty)`).test(text)) return w.fillIn(label, where);
  if (label && /^this .* is empty/.test(text)) return w.fillIn(label, where);
  return capitalise(`${where ? `${where}: ` : ''}${clean(text, kind, last && label ? { [last]: label } : {})}`);
}

/** Setting names to labels, YAML examples to plain examples, course.md to "the course settings". */
function clean(text: string, kind: FormKind, own: Record<string, string>): string {
  return text
    .replace(/correct: true/g, `“${w.moduleLabels.correct}”`)
    .replace(/type: multiple/g, `“${w.multipleAnswers}”`)
    .replace(/write it like: [a-z_]+: /g, `${w.forExample} `)
    .replace(/\be\.g\. [a-z_]+: /g, 'e.g. ')
    .replace(/\bcourse\.md\b/g, w.courseSettings)
    .replace(/`([a-z_]+)`/g, (_whole, name: string) => {
      const label = own[name] ?? labelOf(name, kind);
      return label ? `“${label}”` : name.replace(/_/g, ' ');
    })
    .replace(/`/g, '');
}
