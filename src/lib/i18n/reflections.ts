/**
 * Interface text of private reflections (en-GB). Shared by the server-rendered pages and the
 * <reflection-editor> element, so it must stay plain text and functions with no Node imports.
 * Kind wording: nothing is ever "wrong" with what someone wrote; every message says what
 * happened to their words and what they can do next.
 */
import { formatForPeople, orgTimeZone } from '../dates.ts';
export const reflectionsEn = {
  section: {
    title: 'Reflection',
    intro: 'These prompts are for you. Take your time; there are no right answers, and you never have to share your own history.',
    privacyNote: 'What you write here is private. Only you can read it unless you choose to share it with your trainers.',
    signIn: 'Sign in to write a private reflection',
    signedOutNote: 'You can think about the prompts now, or write on paper.',
    unavailable: 'Your reflections cannot be shown or saved for a moment, because the service is unavailable. Nothing you saved is lost. Please try again in a minute.',
    promptNumber: (n: number, total: number) => (total === 1 ? 'Prompt' : `Prompt ${n} of ${total}`),
    myReflections: 'See all my reflections',
    alsoKept: 'Also kept for this prompt',
    open: 'Open',
  },
  form: {
    yourReflection: 'Your reflection',
    title: 'Title',
    titleHint: 'A few words so you can find it again. If you leave it empty, we use the date.',
    course: 'Course',
    limitHint: 'You can write up to 50,000 characters. You can use Markdown: **bold**, _italic_, a line starting with “- ” for a list, or “> ” for a quote.',
    save: 'Save my reflection',
    saveFree: 'Save',
    formatting: 'Formatting',
    bold: 'Bold',
    italic: 'Italic',
    list: 'List',
    quote: 'Quote',
    count: (used: number, limit: number) => `${used.toLocaleString('en-GB')} of ${limit.toLocaleString('en-GB')} characters`,
    placeholderText: 'bold text',
    placeholderItalic: 'italic text',
  },
  templates: {
    title: 'Use a reflection guide (optional)',
    hint: 'A guide adds headings with a question under each, after anything you have written. Your reflection stays private.',
    choose: 'Guide',
    use: 'Add this guide',
    guideTitle: (title: string) => `Guide: ${title}`,
    added: (title: string) => `Added the headings of “${title}”. Write under each one.`,
  },
  state: {
    private: 'Private — only you can see this',
    shared: (since: string) => `Shared with your trainers since ${since}`,
    sharedLabel: 'Shared',
    privateLabel: 'Private',
    share: 'Share with my trainers',
    unshare: 'Stop sharing',
    shareHelp: 'Sharing lets the trainers of your group for this course read this reflection. You can stop sharing at any time.',
    notYetSaved: 'Private — only you can see this. Once you have saved it, you can choose to share it with your trainers.',
    noCohort: 'You are not in a group with trainers for this course yet, so nobody else can read it yet.',
  },
  status: {
    saved: 'Saved.',
    savedAt: (time: string) => `Saved at ${time}`,
    saving: 'Saving…',
    unsaved: 'Not saved yet',
    unchanged: 'Already saved. Nothing had changed.',
    empty: 'The box was empty, so nothing was saved. Anything you saved before is still kept.',
    emptyEditor: 'Nothing to save yet.',
    shared: 'Shared with your trainers.',
    unshared: 'Stopped sharing. Only you can see this now.',
    offline: 'Offline — kept on this device, will save when you are back online',
    unavailable: 'The service is unavailable for a moment — kept on this device, we will try again shortly',
    signedOut: 'You have been signed out, so this was not saved. Your words are kept on this device. Sign in again in another tab, then come back here.',
    restored: 'We found words on this device that had not been saved yet, and put them back in the box.',
    keptBoth: (title: string) =>
      `This reflection was changed in another tab or on another device. We kept both versions: what you see here is saved separately as “${title}”. You can find both in My reflections.`,
    keptBothPage: 'This reflection was changed in another tab or on another device, so we kept both versions. This page is a copy holding the text you just saved.',
    otherVersion: 'Open the other version',
    keptBothHere: 'This reflection was changed in another tab or on another device, so we kept both versions. Your text was saved separately:',
    tooLongNow: (over: number) => `That is ${over.toLocaleString('en-GB')} ${over === 1 ? 'character' : 'characters'} over the limit. It is kept on this device, but it cannot be saved until it is shorter.`,
    failed: 'This could not be saved just now. Your words are kept on this device; we will try again.',
    deleted: 'Your reflection has been deleted, with its earlier versions and any replies to it.',
    alreadyDeleted: 'That reflection is no longer here, so it may have been deleted already. Nothing else has changed.',
  },
  errors: {
    pageTitle: 'Your reflection is not saved yet',
    pageIntro: 'Your words are safe in the box below. Please look at the message, then save again.',
    tooLong: (length: number, limit: number) =>
      `Your reflection is ${length.toLocaleString('en-GB')} characters long, and the limit is ${limit.toLocaleString('en-GB')}. Please shorten it by ${(length - limit).toLocaleString('en-GB')} ${length - limit === 1 ? 'character' : 'characters'}, or split it into two reflections. Your text is still in the box.`,
    titleTooLong: (limit: number) => `The title can be up to ${limit} characters. Please make it shorter.`,
    unknownCourse: 'We could not find that course. It may have been renamed or taken down. Your text is still in the box: copy it somewhere safe.',
    unknownModule: 'We could not find that module in the course. It may have been renamed. Your text is still in the box: copy it somewhere safe.',
    unknownPrompt: 'That reflection prompt is not in this module any more. Your text is still in the box: copy it somewhere safe, or write it as a free reflection.',
    notFound: 'We could not find that reflection. It may have been deleted, or the link is not quite right.',
    unexpected: 'Something in the form was not what we expected. Please go back to the page and try again.',
    signedOut: 'You have been signed out, so your reflection was not saved. Your words are in the box below: copy them somewhere safe, sign in in another tab, then press save again.',
    unavailable: 'We could not save your reflection just now, because the service is unavailable. Your words are in the box below. Please press save again in a minute.',
    generic: 'We could not save your reflection just now. Your words are in the box below. Please try again in a minute.',
    storageFull: 'We could not save your reflection just now, because the service has run out of storage space (we have been told). Your words are kept on this device and in the box below; they will be saved when you press save again in a few minutes.',
    backToModule: 'Back to the module',
  },
  mine: {
    title: 'My reflections',
    intro: 'Everything you have written, grouped by course and module. Each one is private unless you have chosen to share it.',
    none: 'You have not written any reflections yet. You will find reflection prompts near the end of each module.',
    free: 'Free reflections',
    writeFree: 'Write a free reflection',
    freeIntro: 'A free reflection is not tied to a prompt: write about anything from your learning.',
    export: 'Take your reflections with you',
    exportIntro: 'Download everything you have written. The files are for you; keep them somewhere private.',
    exportZip: 'Download as Markdown files (zip)',
    exportPdf: 'Download as a PDF journal',
    updated: (date: string) => `Last saved ${date}`,
    history: 'History',
    open: (what: string) => `Open: ${what}`,
    empty: '(empty)',
    copyBadge: 'Kept copy',
    unknownCourse: (slug: string) => `Course “${slug}” (no longer on this site)`,
    unknownModule: (id: string) => `Module “${id}” (no longer in this course)`,
    promptLabel: (n: number) => `Prompt ${n}`,
  },
  free: {
    newTitle: 'Write a free reflection',
    defaultTitle: (date: string) => `Reflection of ${date}`,
    back: 'Back to my reflections',
  },
  one: {
    heading: (module: string, n: number) => `${module}: prompt ${n}`,
    prompt: 'Prompt',
    freeReflection: 'Free reflection',
    module: 'Module',
    course: 'Course',
    rendered: 'As saved',
    edit: 'Edit',
    history: 'Earlier versions',
    back: 'Back to my reflections',
    backToModule: 'Back to the module',
  },
  history: {
    title: 'Earlier versions',
    intro: 'Every time you change this reflection, the text before the change is kept here. Only you can see these.',
    current: 'Current version',
    version: (n: number) => `Version ${n}`,
    savedOn: (date: string) => `Saved ${date}`,
    replacedOn: (date: string) => `Replaced ${date}`,
    view: (n: number) => `Read version ${n}`,
    none: 'There are no earlier versions yet. When you change this reflection, the earlier text will be kept here.',
    back: 'Back to the reflection',
    backToHistory: 'Back to all versions',
    oldVersionNote: 'This is an earlier version. It is kept for you; the current text has not changed.',
    emptyVersion: 'This version was empty.',
  },
  deletion: {
    action: 'Delete this reflection',
    /** Beside "Open" and "History" under a prompt on the module page. */
    short: 'Delete',
    /** The action's accessible name where several reflections are listed. */
    actionFor: (what: string) => `Delete this reflection: ${what}`,
    title: 'Delete this reflection?',
    intro: 'Deleting is for good. It cannot be undone, and nobody can bring it back afterwards.',
    whatGoes: 'This will delete:',
    theReflection: (what: string) => `the reflection “${what}”`,
    versions: (n: number) => (n === 1 ? 'its 1 earlier version' : `its ${n} earlier versions`),
    comments: (n: number) => (n === 1 ? '1 reply from your trainers' : `${n} replies from your trainers`),
    shared: 'It is shared with your trainers now. Once it is deleted, they will no longer see it.',
    keepCopy: 'If you might want it later, you can download all your reflections first:',
    keepCopyLink: 'take your reflections with you',
    confirm: 'Delete for good',
    keep: 'Keep it',
    keptTitle: 'This reflection stays',
    inEvidence: (what: string) =>
      `This reflection is part of the evidence you sent for ${what}, so it stays with your assessment record. If you need it removed, ask your trainer or an administrator.`,
    refused: 'Nothing was deleted.',
    seeEvidence: 'See your evidence',
    criterion: (id: string, unit: string) => `criterion ${id} of “${unit}”`,
    criterionRef: (ref: string) => `criterion ${ref}`,
    aCriterion: 'an assessment criterion',
    and: ' and ',
    unavailable: 'We could not delete your reflection just now, because the service is unavailable. Nothing was deleted. Please try again in a minute.',
  },
  copy: {
    title: (date: string) => `Copy saved from another tab on ${date}`,
    freeTitle: (title: string, date: string) => `${title} (copy saved from another tab on ${date})`,
  },
  export: {
    journalTitle: 'My reflection journal',
    by: (name: string) => `Written by ${name}`,
    exportedOn: (date: string) => `Exported on ${date}`,
    privateNote: 'This journal holds your own reflections. It is yours: keep it somewhere private, and share it only if you want to.',
    nothing: 'There are no reflections yet.',
    count: (n: number) => `${n} ${n === 1 ? 'reflection' : 'reflections'}, one Markdown file each, in a folder per course and module.`,
    shared: (date: string) => `Shared with trainers since ${date}`,
    private: 'Private',
    written: (created: string, updated: string) => (created === updated ? `Written ${created}` : `Written ${created}, last changed ${updated}`),
    free: 'Free reflections',
    empty: '(empty)',
    page: (n: number) => `Page ${n}`,
  },
};

export type ReflectionsText = typeof reflectionsEn;

/** The reflection text for a locale; en-GB until translations exist. */
export function reflectionsText(_lang: string): ReflectionsText {
  return reflectionsEn;
}

/** "12 March 2026", in the organisation's time zone (src/lib/dates.ts). */
export function formatDay(date: Date, timeZone = orgTimeZone()): string {
  return formatForPeople(date, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
}

/** "12 March 2026 at 14:02" */
export function formatDayTime(date: Date, timeZone = orgTimeZone()): string {
  const time = formatForPeople(date, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  return `${formatDay(date, timeZone)} at ${time}`;
}

/** "14:02", in the device's own time zone (used by the editor in the browser). */
export function formatTime(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) }).format(date);
}
