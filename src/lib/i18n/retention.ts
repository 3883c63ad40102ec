/** Words for retention (/staff/retention), "keep my reflections" and the privacy notice (/privacy), en-GB. */
import type { MonthsSetting } from '../privacy/retention.ts';

const months = (n: number) => (n === 1 ? '1 month' : n % 12 === 0 ? (n === 12 ? '1 year' : `${n / 12} years`) : `${n} months`);

export const retentionEn = {
  months,
  admin: {
    title: 'How long things are kept',
    intro:
      'These settings say when the site deletes reflections, evidence and archived groups. A job applies them once a day when you switch it on. Check what would go before you switch it on: nothing here shows what anyone wrote, only how many.',
    forbidden: 'Only administrators can change how long things are kept.',
    settingsTitle: 'Settings',
    notSaved: 'Nobody has saved these settings yet: the defaults below are shown, and the daily job is off.',
    saved: 'The settings are saved.',
    ran: 'The retention job ran. What it did is in “Last runs” below and in the audit log.',
    reflections: 'Reflections: months to keep them',
    reflectionsHint: (d: number) =>
      `Counted from the later of the trainee’s last activity (the last thing they saved) and the end date of their group for that course. Reflections the trainee chose to keep, or that are part of their evidence, are never deleted. Default: ${d} (${months(d)}).`,
    evidence: 'Evidence: months to keep it',
    evidenceHint: (d: number) =>
      `The accrediting body’s minimum. Counted from the later of the unit’s sign-off and the end date of the trainee’s group. Evidence with neither is kept. At least 12. Default: ${d} (${months(d)}).`,
    groups: 'Archived groups: months before they are deleted',
    groupsHint: (d: number) =>
      `Counted from when the group was archived. A group is kept while quality assurance records name it or its trainees’ evidence is kept. Its invitations go with it; its trainees keep their own records. Default: ${d} (${months(d)}).`,
    jobOn: 'Apply these settings every day',
    jobOnHint: 'The job runs once a day in the web server and deletes what is due. Each run is written to the audit log, with numbers only.',
    save: 'Save settings',
    problem: (key: MonthsSetting, min: number, max: number) =>
      `${key === 'reflectionsMonths' ? 'Reflections' : key === 'evidenceMonths' ? 'Evidence' : 'Archived groups'}: enter a whole number of months from ${min} to ${max}, for example ${key === 'evidenceMonths' ? 36 : 12}.`,
    summary: 'Please correct the settings below.',
    previewTitle: 'Check what would go (dry run)',
    previewIntro: 'Counts what the job would delete today with the saved settings. Nothing is deleted.',
    preview: 'Check what would go',
    previewResult: (at: string) => `If the job ran now (${at}), it would do this:`,
    runTitle: 'Run now',
    runIntro: 'Deletes what is due today with the saved settings, straight away. This cannot be undone.',
    runConfirm: 'I have checked what would go, and I want to delete it now',
    runConfirmMissing: 'Tick the box to confirm you want to delete what is due now.',
    run: 'Delete what is due now',
    lastRunsTitle: 'Last runs',
    lastRunsNone: 'The job has not run yet.',
    lastRunNext: (on: boolean) => (on ? 'The daily job is on.' : 'The daily job is off.'),
    columns: { when: 'When', by: 'By', what: 'What', count: 'How many' },
    countLabels: {
      reflections: 'Reflections deleted',
      reflection_versions: 'Earlier versions of those reflections deleted',
      evidence: 'Evidence deleted',
      evidence_files: 'Evidence files deleted',
      groups: 'Archived groups deleted',
      reflections_kept_by_choice: 'Reflections kept because their author chose to keep them',
      reflections_linked_as_evidence: 'Reflections kept because they are part of evidence',
      groups_with_qa_records: 'Archived groups kept for quality assurance records',
      groups_with_evidence: 'Archived groups kept while their trainees’ evidence is kept',
      failed: 'Rows that could not be deleted (see the server log)',
    } as Record<string, string>,
    previewLabels: {
      reflections: 'Reflections that would be deleted',
      reflection_versions: 'Earlier versions of those reflections',
      evidence: 'Evidence that would be deleted',
      evidence_files: 'Evidence files',
      groups: 'Archived groups that would be deleted',
    } as Record<string, string>,
    runSummary: (d: Record<string, number>) =>
      `${d.reflections ?? 0} reflections (${d.reflection_versions ?? 0} earlier versions), ${d.evidence ?? 0} evidence (${d.evidence_files ?? 0} files), ${d.groups ?? 0} groups deleted`,
    byJob: 'The daily job',
  },
  keep: {
    title: 'Keep my reflections',
    label: 'Keep my reflections, even after my course ends',
    hint: (m: number) =>
      `Otherwise your reflections are deleted ${months(m)} after your course ends or you last used the site, whichever is later. Reflections you keep stay until you delete them or close your account.`,
    save: 'Save this choice',
    saved: (keep: boolean) => (keep ? 'Your reflections will be kept.' : 'Your reflections will be deleted when the time comes.'),
    reflectionsNote: (m: number) => `Reflections are deleted ${months(m)} after your course ends or you last used the site, unless you choose to keep them.`,
    reflectionsKept: 'You chose to keep your reflections.',
    change: 'Change this on your account page',
    failed: 'We could not save your choice just now. Nothing was changed. Please try again in a minute.',
  },
  notice: {
    title: 'Privacy notice',
    intro: (org: string) =>
      `This page says what ${org} keeps about you on this site, why, for how long, and what you can do about it. Some of what you write here is about your mental health: the law treats that as special category data and so do we.`,
    controllerTitle: 'Who is responsible for your data',
    controller: (org: string) => `${org} is the data controller: it decides what this site keeps and why.`,
    contactTitle: 'Who to contact',
    contact: 'For questions about your data, or to use any of your rights:',
    contactNone: 'Your organisation has not added a privacy contact yet. Please ask your trainer or an administrator.',
    generalContact: 'Other questions:',
    keptTitle: 'What is kept, and why',
    keptIntro: 'These are the kinds of records this site holds about the people who use it:',
    howLongTitle: 'How long things are kept',
    reflections: (m: number) =>
      `Your reflections, with their earlier versions and any replies: ${months(m)} after your course ends or you last used the site, whichever is later. You can choose to keep them, and you can delete any of them yourself at any time. A reflection you sent as evidence is kept with the evidence.`,
    evidence: (m: number) =>
      `Your evidence and its files: ${months(m)} after the unit is signed off or your group ends, whichever is later. This is the accrediting body’s minimum.`,
    groups: (m: number) => `Groups: ${months(m)} after they are archived, once no quality assurance records or evidence need them.`,
    kept: 'Assessment decisions, unit sign-offs and certificates are kept so that qualifications can be checked. Certificates stay checkable with only the name printed on them.',
    backups: 'Backups made before something was deleted keep it until the backup itself is deleted.',
    jobOff: 'The organisation has not switched on automatic deletion yet; until it does, things are kept until you delete them or close your account.',
    rightsTitle: 'Your rights',
    rights: [
      'to see everything held about you and take a copy (UK GDPR Articles 15 and 20);',
      'to have wrong details corrected (Article 16);',
      'to have your data deleted (Article 17);',
      'to object to or restrict how it is used (Articles 18 and 21).',
    ],
    rightsIntro: 'You have the right:',
    download: 'Download everything about me',
    close: 'Close my account',
    account: 'Your account page',
    signedOut: 'Sign in to download your data or close your account.',
    complain: 'If you are unhappy with how your data is handled, please tell us first. You can also complain to the Information Commissioner’s Office (ico.org.uk, 0303 123 1113).',
  },
  footer: 'Privacy notice',
} as const;
