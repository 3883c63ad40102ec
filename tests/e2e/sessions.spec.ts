/**
 * Group sessions and attendance (issue 18): a trainer adds 6 weekly sessions at 18:00 that span
 * the last Sunday of October (the UK clock change); a trainee makes their private calendar link,
 * and the test fetches the feed and reads it with a real iCalendar parser (ical.js), checking
 * every session is at 18:00 Europe/London before and after the change; the trainer takes the
 * register without JavaScript; the trainee's dashboard shows the hours, and the course's
 * minimum attendance (course.md `minimum_attendance: 80`) stops being on the certificate's
 * to-do list. Also: the feed answers no-store/noindex and holds nothing but the person's own
 * sessions; a member of another group sees none of it; axe on every new page.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import type { Browser, BrowserContext } from '@playwright/test';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'sessions-e2e-course';
const LONDON = 'Europe/London';

test.beforeAll(() => {
  const dir = process.env.E2E_COURSES_DIR;
  if (!dir) throw new Error('E2E_COURSES_DIR is not set: run through playwright.config.ts (global setup copies courses/).');
  const copy = path.join(dir, COURSE);
  if (existsSync(copy)) return;
  // A small course with a certificate of attendance that asks for 80% of the group's sessions.
  cpSync(path.resolve('tests/fixtures/courses/journey/open-course'), copy, { recursive: true });
  const courseMd = path.join(copy, 'course.md');
  writeFileSync(
    courseMd,
    readFileSync(courseMd, 'utf8')
      .replace(/^title: .*$/m, 'title: Sessions Test Course')
      .replace('ordered: false', 'ordered: false\nminimum_attendance: 80'),
  );
});

interface World {
  trainer: TestAccount;
  trainee: TestAccount;
  classmate: TestAccount;
  outsider: TestAccount;
  group: string;
  otherGroup: string;
}

async function world(tag: string): Promise<World> {
  const service = await serviceClient();
  const trainer = await createAccount(`Tess Trainer ${tag}`, ['trainer']);
  const trainee = await createAccount(`Tom Trainee ${tag}`, ['trainee']);
  const classmate = await createAccount(`Cara Classmate ${tag}`, ['trainee']);
  const outsider = await createAccount(`Otto Outsider ${tag}`, ['trainee']);
  const group = (await service.collection('cohorts').create({ name: `Tuesday group ${tag}`, course: COURSE, trainers: [trainer.id] })).id;
  const otherGroup = (await service.collection('cohorts').create({ name: `Other group ${tag}`, course: COURSE, trainers: [] })).id;
  for (const [person, cohort] of [[trainee, group], [classmate, group], [outsider, otherGroup]] as const) {
    await service.collection('enrolments').create({ user: person.id, course: COURSE, cohort, status: 'active' });
  }
  return { trainer, trainee, classmate, outsider, group, otherGroup };
}

async function as(browser: Browser, account: TestAccount, javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, javaScriptEnabled });
  await signInAs(context, account);
  return context;
}

const londonTime = (date: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
const londonDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

test('six weekly sessions across the clock change: feed, register, dashboard hours and the certificate', async ({ browser }) => {
  // Many pages and axe scans on a shared machine.
  test.slow();
  const w = await world('journey');

  // The trainer adds 6 weekly sessions, Tuesdays 18:00–20:00 from 13 October 2026 (the clocks go back on Sunday 25 October).
  const trainer = await as(browser, w.trainer, false);
  const staff = await trainer.newPage();
  await staff.goto(`/staff/cohorts/${w.group}/sessions`);
  await expect(staff.getByText('No sessions yet')).toBeVisible();
  await staff.getByLabel('Title').fill('Peer support evening');
  await staff.getByLabel('Day').fill('13/10/2026');
  await staff.getByLabel('Starts at').fill('18:00');
  await staff.getByLabel('Ends at').fill('20:00');
  await staff.getByLabel('Place (for in person)').fill('Room 2, Hope Centre');
  await staff.getByLabel('How often').selectOption('weekly');
  await staff.getByLabel('For how many weeks').fill('6');
  await staff.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(staff.getByRole('status')).toHaveText('6 sessions added.');
  const rows = staff.locator('[data-sessions] tbody tr');
  await expect(rows).toHaveCount(6);
  // Shown in London time on every row, GMT after the change and BST before it.
  await expect(rows.nth(1)).toContainText('Tuesday, 20 October 2026, 18:00 to 20:00 BST');
  await expect(rows.nth(2)).toContainText('Tuesday, 27 October 2026, 18:00 to 20:00 GMT');
  await screenshot(staff, 'sessions-staff-list', { fullPage: true });

  // The trainee sees the timetable and makes their private calendar link.
  const traineeContext = await as(browser, w.trainee);
  const trainee = await traineeContext.newPage();
  await trainee.goto('/timetable');
  await expect(trainee.locator('[data-timetable] tbody tr')).toHaveCount(6);
  await trainee.getByRole('button', { name: 'Make my calendar link' }).click();
  const feedUrl = (await trainee.locator('[data-feed-url]').inputValue()).trim();
  expect(feedUrl).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  // Shown once: it is not in the page after a reload.
  await trainee.goto('/timetable');
  await expect(trainee.locator('[data-feed-url]')).toHaveCount(0);
  expect(await trainee.content()).not.toContain(feedUrl);

  // The calendar app fetches it with no session; a real parser reads 18:00 London time each week.
  const feed = await fetch(new URL(new URL(feedUrl).pathname, process.env.E2E_BASE_URL));
  expect(feed.status).toBe(200);
  expect(feed.headers.get('content-type')).toContain('text/calendar');
  expect(feed.headers.get('cache-control')).toContain('no-store');
  expect(feed.headers.get('x-robots-tag')).toContain('noindex');
  const ics = await feed.text();
  const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  expect(events).toHaveLength(6);
  const starts = events.map((e) => e.startDate.toJSDate()).sort((a, b) => a.getTime() - b.getTime());
  expect(starts.map(londonDay)).toEqual(['2026-10-13', '2026-10-20', '2026-10-27', '2026-11-03', '2026-11-10', '2026-11-17']);
  expect(starts.map(londonTime)).toEqual(Array(6).fill('18:00'));
  expect(events.map((e) => londonTime(e.endDate.toJSDate()))).toEqual(Array(6).fill('20:00'));
  // Before the change 18:00 London is 17:00 UTC; after it, 18:00 UTC.
  expect(starts[1]!.toISOString()).toBe('2026-10-20T17:00:00.000Z');
  expect(starts[2]!.toISOString()).toBe('2026-10-27T18:00:00.000Z');
  // Nothing of anyone else: no names, no marks, no email.
  for (const secret of [w.trainee.displayName, w.classmate.displayName, w.trainer.displayName, w.trainee.email, 'Present', 'Other group']) expect(ics).not.toContain(secret);

  // The trainer takes the register of the first five sessions without JavaScript: present, present, late, present, absent.
  const marks = ['present', 'present', 'late', 'present', 'absent'];
  const sessionIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-session')!));
  for (const [i, mark] of marks.entries()) {
    await staff.goto(`/staff/cohorts/${w.group}/sessions/${sessionIds[i]}/register`);
    await staff.locator(`[data-register-row="${w.trainee.id}"] input[value="${mark}"]`).check();
    await staff.locator(`[data-register-row="${w.classmate.id}"] input[value="excused"]`).check();
    if (i === 2) await staff.getByLabel(`Note for ${w.trainee.displayName} (optional)`).fill('Bus was late');
    await staff.getByRole('button', { name: 'Save the register' }).click();
    await expect(staff.getByRole('status')).toHaveText('The register was saved.');
  }
  // The sixth: the trainee is marked present too.
  await staff.goto(`/staff/cohorts/${w.group}/sessions/${sessionIds[5]}/register`);
  await staff.locator(`[data-register-row="${w.trainee.id}"] input[value="present"]`).check();
  await staff.getByRole('button', { name: 'Save the register' }).click();

  // The dashboard shows the hours: 5 sessions of 2 hours attended (present or late), 5 of 6.
  await trainee.goto('/dashboard');
  const panel = trainee.locator('[data-session-attendance]');
  await expect(panel).toContainText('10 hours of sessions attended');
  await expect(panel).toContainText('You attended 5 of 6 sessions held so far.');
  await screenshot(trainee, 'sessions-dashboard', { fullPage: true });

  // The trainee sees their own marks, and only their own.
  await trainee.goto('/timetable');
  await expect(trainee.locator(`[data-session="${sessionIds[2]}"] [data-mark]`)).toContainText('Late');
  await expect(trainee.locator(`[data-session="${sessionIds[2]}"] [data-mark]`)).toContainText('Bus was late');
  await expect(trainee.locator('body')).not.toContainText('Excused');

  // 83% ≥ 80%: the certificate no longer asks for attendance (the modules are still to do).
  await trainee.goto(`/certificates/new?course=${COURSE}&kind=attendance`);
  await expect(trainee.locator('.cert-todo')).toBeVisible();
  await expect(trainee.locator('.cert-todo')).not.toContainText('Attend at least 80%');

  // The classmate (all excused) is told exactly what is missing.
  const classmateContext = await as(browser, w.classmate);
  const classmate = await classmateContext.newPage();
  await classmate.goto(`/certificates/new?course=${COURSE}&kind=attendance`);
  await expect(classmate.locator('.cert-todo')).toContainText('Attend at least 80% of your group’s sessions: so far you have attended 0% of 6 sessions held');

  // Register and timetable downloads for the accrediting body.
  const register = await trainer.request.get(`/staff/cohorts/${w.group}/register.csv`);
  expect(register.headers()['content-type']).toContain('text/csv');
  const registerText = await register.text();
  expect(registerText).toContain(`"2026-10-27","18:00","Peer support evening","${w.trainee.displayName}","Late","Bus was late","2"`);
  const timetable = await (await trainer.request.get(`/staff/cohorts/${w.group}/sessions.csv`)).text();
  expect(timetable.trimEnd().split('\r\n')).toHaveLength(7);

  await Promise.all([trainer.close(), traineeContext.close(), classmateContext.close()]);
});

test('cancel and change a session; a reset link stops the old one; another group sees nothing', async ({ browser }) => {
  // Many pages and axe scans on a shared machine.
  test.slow();
  const w = await world('cancel');
  const service = await serviceClient();
  const trainer = await as(browser, w.trainer);
  const staff = await trainer.newPage();
  await staff.goto(`/staff/cohorts/${w.group}/sessions`);
  await staff.getByLabel('Title').fill('Online check-in');
  await staff.getByLabel('Day').fill('01/12/2027');
  await staff.getByLabel('Starts at').fill('10:00');
  await staff.getByLabel('Ends at').fill('9:00');
  await staff.getByLabel('How people join').selectOption('online');
  await staff.getByRole('button', { name: 'Add', exact: true }).click();
  // Plain-words problems, what was typed kept.
  await expect(staff.getByRole('alert')).toContainText('The end time must be after the start time.');
  await expect(staff.getByRole('alert')).toContainText('Enter the meeting link, starting with https://.');
  await expect(staff.getByLabel('Title')).toHaveValue('Online check-in');
  await staff.getByLabel('Ends at').fill('11:00');
  await staff.getByLabel('Link (for online)').fill('https://meet.example.org/check-in');
  await staff.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(staff.getByRole('status')).toHaveText('1 session added.');
  const id = await staff.locator('[data-sessions] tbody tr').first().getAttribute('data-session');

  // Change it, then cancel it with a note: it stays listed, marked cancelled.
  await staff.getByRole('link', { name: 'Change: Online check-in' }).click();
  await staff.getByLabel('Title').fill('Online check-in (longer)');
  await staff.getByLabel('Ends at').fill('11:30');
  await staff.getByRole('button', { name: 'Save changes' }).click();
  await expect(staff.getByRole('status')).toHaveText('The session was changed.');
  await staff.getByRole('link', { name: 'Change: Online check-in (longer)' }).click();
  await staff.getByLabel('Note for the group (optional)').fill('Trainer unwell, moved to next week');
  await staff.getByRole('button', { name: 'Cancel the session' }).click();
  await expect(staff.getByRole('status')).toContainText('cancelled');
  await expect(staff.locator(`[data-session="${id}"]`)).toHaveAttribute('data-status', 'cancelled');
  await expect(staff.locator(`[data-session="${id}"]`)).toContainText('Trainer unwell');

  // The trainee's one-session download and feed say cancelled, never the note.
  const traineeContext = await as(browser, w.trainee);
  const trainee = await traineeContext.newPage();
  const single = await traineeContext.request.get(`/timetable/${id}.ics`);
  expect(single.status()).toBe(200);
  const singleText = await single.text();
  expect(singleText).toContain('STATUS:CANCELLED');
  expect(singleText).not.toContain('unwell');
  await trainee.goto('/timetable');
  await trainee.getByRole('button', { name: 'Make my calendar link' }).click();
  const first = new URL((await trainee.locator('[data-feed-url]').inputValue()).trim()).pathname;
  await trainee.getByRole('button', { name: 'Make a new link (the old one stops working)' }).click();
  const second = new URL((await trainee.locator('[data-feed-url]').inputValue()).trim()).pathname;
  expect(second).not.toBe(first);
  const base = process.env.E2E_BASE_URL!;
  expect((await fetch(new URL(first, base))).status).toBe(404);
  expect((await fetch(new URL(second, base))).status).toBe(200);
  expect((await fetch(new URL('/calendar/not-a-secret.ics', base))).status).toBe(404);
  // Only a hash is stored.
  const stored = await service.collection('calendar_feeds').getFirstListItem(service.filter('user = {:u}', { u: w.trainee.id }));
  expect(stored['token_hash']).toMatch(/^[0-9a-f]{64}$/);
  expect(second).not.toContain(stored['token_hash']);

  // A member of another group: no sessions on their timetable, no download, no staff page.
  const outsiderContext = await as(browser, w.outsider);
  const outsider = await outsiderContext.newPage();
  await outsider.goto('/timetable');
  await expect(outsider.locator('body')).not.toContainText('Online check-in');
  expect((await outsiderContext.request.get(`/timetable/${id}.ics`)).status()).toBe(404);
  const staffPage = await outsiderContext.request.get(`/staff/cohorts/${w.group}/sessions`);
  expect(staffPage.status()).toBe(403);
  // ...nor the pages of one session; the group's trainer gets the 404 page for a session that is not there.
  for (const path of [`/staff/cohorts/${w.group}/sessions/${id}`, `/staff/cohorts/${w.group}/sessions/${id}/register`]) {
    expect((await outsiderContext.request.get(path)).status(), path).toBe(403);
  }
  for (const path of [`/staff/cohorts/${w.group}/sessions/zzzzzzzzzzzzzzz`, `/staff/cohorts/${w.group}/sessions/zzzzzzzzzzzzzzz/register`]) {
    expect((await trainer.request.get(path)).status(), path).toBe(404);
  }
  await outsider.goto('/timetable');
  await outsider.getByRole('button', { name: 'Make my calendar link' }).click();
  const outsiderFeed = await (await fetch(new URL(new URL((await outsider.locator('[data-feed-url]').inputValue()).trim()).pathname, base))).text();
  expect(outsiderFeed).not.toContain('BEGIN:VEVENT');

  await Promise.all([trainer.close(), traineeContext.close(), outsiderContext.close()]);
});

test('the new pages pass axe (WCAG 2.2 AA)', async ({ browser }) => {
  // Many pages and axe scans on a shared machine.
  test.slow();
  const w = await world('axe');
  const service = await serviceClient();
  const past = await service.collection('cohort_sessions').create({
    cohort: w.group, title: 'Past session', starts_at: '2026-10-20 17:00:00.000Z', ends_at: '2026-10-20 19:00:00.000Z',
    time_zone: LONDON, mode: 'in_person', place: 'Room 2', status: 'scheduled', created_by: w.trainer.id,
  });
  await service.collection('cohort_sessions').create({
    cohort: w.group, title: 'Cancelled session', starts_at: '2027-10-20 17:00:00.000Z', ends_at: '2027-10-20 19:00:00.000Z',
    time_zone: LONDON, mode: 'online', link: 'https://meet.example.org/x', status: 'cancelled', cancel_note: 'Moved', created_by: w.trainer.id,
  });
  await service.collection('attendance').create({ session: past.id, user: w.trainee.id, status: 'late', note: 'Bus', recorded_by: w.trainer.id });

  const trainer = await as(browser, w.trainer);
  const staff = await trainer.newPage();
  for (const url of [`/staff/cohorts/${w.group}/sessions`, `/staff/cohorts/${w.group}/sessions/${past.id}`, `/staff/cohorts/${w.group}/sessions/${past.id}/register`]) {
    await staff.goto(url);
    await expectNoAxeViolations(staff);
  }
  await screenshot(staff, 'sessions-register', { fullPage: true });
  // With problems shown.
  await staff.goto(`/staff/cohorts/${w.group}/sessions`);
  await staff.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(staff.getByRole('alert')).toBeVisible();
  await expectNoAxeViolations(staff);

  const traineeContext = await as(browser, w.trainee);
  const trainee = await traineeContext.newPage();
  await trainee.goto('/timetable');
  await expectNoAxeViolations(trainee);
  await trainee.getByRole('button', { name: 'Make my calendar link' }).click();
  await expect(trainee.locator('[data-feed-url]')).toBeVisible();
  await expectNoAxeViolations(trainee);
  await screenshot(trainee, 'sessions-timetable', { fullPage: true });
  await trainee.goto('/dashboard');
  await expect(trainee.locator('[data-session-attendance]')).toBeVisible();
  await expectNoAxeViolations(trainee);
  await Promise.all([trainer.close(), traineeContext.close()]);
});

