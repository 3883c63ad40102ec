import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/lib/csv.ts';
import { commentOf, feedbackCsv, summariseFeedback, type FeedbackRow } from '../../src/lib/feedback/feedback.ts';
import { parseFeedbackForm } from '../../src/lib/feedback/schema.ts';
import { feedbackEn } from '../../src/lib/i18n/feedback.ts';

const course = {
  modules: [
    { id: 'welcome', number: 1, title: 'Welcome' },
    { id: 'listening', number: 2, title: 'Listening' },
  ],
} as Parameters<typeof summariseFeedback>[0];

const row = (over: Partial<FeedbackRow>): FeedbackRow => ({
  module: 'welcome',
  useful: 'yes',
  hard_to_read: '',
  change: '',
  anonymous: true,
  displayName: 'Sam Taylor',
  ...over,
});

describe('feedback summary', () => {
  it('counts yes / partly / no per module, in course order, with the unanswered counted apart', () => {
    const summary = summariseFeedback(course, [
      row({ useful: 'yes' }),
      row({ useful: 'partly' }),
      row({ useful: 'yes' }),
      row({ useful: '', change: 'More examples' }),
      row({ module: 'listening', useful: 'no' }),
      row({ module: 'gone', useful: 'no' }),
    ]);
    expect(summary.map((m) => [m.moduleId, m.responses, m.useful])).toEqual([
      ['welcome', 4, { yes: 2, partly: 1, no: 0, none: 1 }],
      ['listening', 1, { yes: 0, partly: 0, no: 1, none: 0 }],
    ]);
  });

  it('never carries the name of an anonymous author, and names others only by display name', () => {
    const summary = summariseFeedback(course, [
      row({ anonymous: true, displayName: 'Hidden Person', change: 'Shorter sections' }),
      row({ anonymous: false, displayName: 'Ren Okafor', hard_to_read: 'The word “iatrogenic”' }),
    ]);
    expect(summary[0]!.comments).toEqual([
      { hardToRead: '', change: 'Shorter sections' },
      { hardToRead: 'The word “iatrogenic”', change: '', name: 'Ren Okafor' },
    ]);
    expect(JSON.stringify(summary)).not.toContain('Hidden Person');
  });

  it('lists comments by their text, not by when they were given, and leaves out rows with no text', () => {
    const summary = summariseFeedback(course, [row({ change: 'zebra' }), row({ change: '' }), row({ hard_to_read: 'apple' }), row({ change: 'mango' })]);
    expect(summary[0]!.comments.map((c) => c.hardToRead || c.change)).toEqual(['apple', 'mango', 'zebra']);
    expect(commentOf(row({ change: '   ' }))).toBeUndefined();
  });

  it('exports CSV with names only where shared, and formulas defused', () => {
    const csv = feedbackCsv(
      course,
      [row({ anonymous: true, displayName: 'Hidden Person', change: '=HYPERLINK("x")' }), row({ module: 'listening', anonymous: false, displayName: 'Ren', useful: 'no', hard_to_read: 'Line one\nline "two"' })],
      feedbackEn.report.csvHeader,
    );
    expect(csv.split('\r\n')).toEqual([
      '"module_number","module_id","module_title","useful","hard_to_read","change","name"',
      `"1","welcome","Welcome","yes","","'=HYPERLINK(""x"")",""`,
      '"2","listening","Listening","no","Line one\nline ""two""","","Ren"',
      '',
    ]);
    expect(csv).not.toContain('Hidden Person');
    expect(csvCell('-1')).toBe(`"'-1"`);
    expect(csvCell(3)).toBe('"3"');
  });
});

describe('the feedback form', () => {
  const base = { course: 'peer-support-foundations', module: 'what-peer-support-is', anonymous_choice: 'shown' };

  it('keeps what was typed, trimmed, with Windows line endings made plain', () => {
    const parsed = parseFeedbackForm(new URLSearchParams({ ...base, useful: 'partly', change: '  More\r\nexamples ', anonymous: 'yes' }));
    expect(parsed).toEqual({ ok: true, data: { course: base.course, module: base.module, useful: 'partly', hard_to_read: '', change: 'More\nexamples', anonymous: true } });
  });

  it('shows the name only when the box was shown and left unticked; anything else stays anonymous', () => {
    const named = parseFeedbackForm(new URLSearchParams({ ...base, useful: 'yes' }));
    expect(named.ok && named.data.anonymous).toBe(false);
    const { anonymous_choice: _, ...withoutBox } = base;
    const raw = parseFeedbackForm(new URLSearchParams({ ...withoutBox, useful: 'yes' }));
    expect(raw.ok && raw.data.anonymous).toBe(true);
  });

  it('asks for at least one answer, kindly', () => {
    const parsed = parseFeedbackForm(new URLSearchParams(base));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fields).toEqual({ useful: feedbackEn.errors.empty });
    expect(parsed.notFound).toBe(false);
  });

  it('names an overlong answer, counting characters, and gives the text back', () => {
    const long = 'é'.repeat(2001);
    const parsed = parseFeedbackForm(new URLSearchParams({ ...base, change: long }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fields['change']).toMatchInlineSnapshot(`"This is 2,001 characters long. Please shorten it to 2,000 or fewer. Your text is kept below."`);
    expect(parsed.draft.change).toBe(long);
    expect(parseFeedbackForm(new URLSearchParams({ ...base, change: '😊'.repeat(2000) })).ok).toBe(true);
  });

  it('refuses an answer that is not yes, partly or no', () => {
    const parsed = parseFeedbackForm(new URLSearchParams({ ...base, useful: 'maybe', change: 'x' }));
    expect(parsed.ok === false && parsed.fields).toEqual({ useful: feedbackEn.errors.useful });
  });

  it('treats a malformed course as not found', () => {
    const parsed = parseFeedbackForm(new URLSearchParams({ ...base, course: '<script>', useful: 'yes' }));
    expect(parsed.ok === false && parsed.notFound).toBe(true);
  });
});
