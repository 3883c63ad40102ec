/**
 * Interface text for accounts and sessions (sign up, sign in, account, passwords, reset
 * links), en-GB. Written for people who may be returning to learning after a hard time:
 * plain words, no blame, and always what to do next.
 */
import { formatDuration } from './messages.ts';

export const authEn = {
  header: {
    signIn: 'Sign in',
    account: 'Your account',
    signedInAs: (name: string) => `Signed in as ${name}`,
    signOut: 'Sign out',
  },
  form: {
    problemTitle: 'There is a problem',
    errorTitlePrefix: 'Error: ',
    optional: '(optional)',
    showPassword: 'Show password',
    hidePassword: 'Hide password',
    passwordShown: 'Your password is shown.',
    passwordHidden: 'Your password is hidden.',
  },
  fields: {
    displayName: 'Your name',
    displayNameHint: 'The name you would like to be called. Other people on your course and your trainer will see it.',
    email: 'Email address',
    emailHint: 'We use it only to sign you in. Nobody else on the course sees it.',
    password: 'Password',
    passwordHint: 'At least 10 characters. A few everyday words together are long and easy to remember, for example “blue kettle garden rain”.',
    pronouns: 'Pronouns',
    pronounsHint: 'For example she/her, he/him or they/them. Shown next to your name, if you add them.',
    currentPassword: 'Your current password',
    newPassword: 'New password',
    newPasswordHint: 'At least 10 characters. A few everyday words together are long and easy to remember.',
    confirmPassword: 'New password again',
    confirmPasswordHint: 'Type the same new password, so we know there is no typo.',
  },
  validation: {
    displayNameMissing: 'Please enter the name you would like to be called.',
    displayNameTooLong: (n: number) => `Your name can be up to 80 characters. This one has ${n}: please shorten it.`,
    emailMissing: 'Please enter your email address.',
    emailInvalid: 'This does not look like an email address. Please check it, for example name@example.org.',
    emailTooLong: 'This email address is too long. Please check it.',
    passwordMissing: 'Please enter your password.',
    passwordTooShort: (n: number) =>
      `Your password needs at least 10 characters. This one has ${n}. Adding another everyday word is an easy way to make it longer.`,
    passwordTooLong: 'Your password can be up to 70 characters. Please use a shorter one.',
    pronounsTooLong: (n: number) => `Pronouns can be up to 40 characters. These have ${n}: please shorten them.`,
    currentPasswordMissing: 'Please enter your current password.',
    confirmMissing: 'Please type your new password again.',
    confirmDifferent: 'The two new passwords are different. Please type the same password in both boxes.',
    sameAsCurrent: 'Your new password is the same as your current one. Please choose a different one.',
    checkbox: 'Please tick the box or leave it empty.',
  },
  errors: {
    tooMany: (minutes: number) =>
      `There have been too many tries in a short time, so we have paused this for now to keep accounts safe. Please wait ${formatDuration(minutes)} and try again.`,
    unavailable: 'We cannot reach accounts for a moment. What you typed is still here: please try again in a minute.',
    wrongPassword: 'That email and password do not match. Please check them and try again.',
    signUpFailed: 'We could not create your account. Please check the details and try again.',
    wrongCurrentPassword: 'That is not your current password. Please check it and try again.',
    saveFailed: 'We could not save your changes. Please check the details and try again.',
  },
  signIn: {
    title: 'Sign in',
    intro: 'Sign in to keep your progress and reflections.',
    submit: 'Sign in',
    reasonExpired: 'Your session ended, please sign in again. Nothing you saved is lost.',
    reasonRequired: 'Please sign in to see that page. It belongs to your account, so we need to check it is you.',
    reasonReset: 'Your new password is set. Please sign in with it.',
    reasonSignedOut: 'You are signed out, here and on every other device. Thank you for learning with us today.',
    reasonSignedOutHere:
      'You are signed out in this browser. We could not reach accounts just now to end your sessions on other devices: if you are worried, sign in again later and use “Sign out everywhere” on your account page.',
    reasonSignedUp:
      'Thank you. If this email address was new to us, your account is ready: sign in below with the email address and password you just chose. If you already had an account with it, sign in with your usual password, or use “Forgotten your password?”.',
    forgot: 'Forgotten your password?',
    noAccount: 'New here?',
    createAccount: 'Create an account',
  },
  signUp: {
    title: 'Create an account',
    intro: 'An account keeps your progress and reflections safe, and lets you pick up where you left off. It is free.',
    submit: 'Create my account',
    haveAccount: 'Already have an account?',
    signIn: 'Sign in',
    privacy: 'Your reflections are yours. Only you can see them unless you choose to share one with your trainer.',
  },
  signOut: {
    button: 'Sign out',
  },
  account: {
    title: 'Your account',
    intro: (name: string) => `Hello, ${name}. Here you can change how you appear and how the site looks for you.`,
    profileTitle: 'About you',
    email: 'Email address',
    roles: 'You are signed up as',
    role: {
      trainee: 'trainee',
      trainer: 'trainer',
      assessor: 'assessor',
      verifier: 'internal verifier',
      admin: 'administrator',
    } as Record<string, string>,
    noRole: 'no role yet',
    preferencesTitle: 'Reading preferences',
    preferencesIntro: 'These follow you to every device you sign in on.',
    largeText: 'Larger text',
    largeTextHint: 'Makes all the text on the site bigger.',
    reducedMotion: 'Less movement',
    reducedMotionHint: 'Turns off smooth scrolling and other movement.',
    dyslexiaSpacing: 'More space between letters, words and lines',
    dyslexiaSpacingHint: 'Many people, including some dyslexic readers, find spaced-out text easier to read.',
    save: 'Save changes',
    saved: 'Your changes are saved.',
    passwordTitle: 'Password',
    changePasswordLink: 'Change your password',
    staffTitle: 'For trainers and administrators',
    resetLinksLink: 'Make a password reset link for someone',
    signOutTitle: 'Sign out',
    signOutText:
      'Signing out ends your session on this device and on every other device where you are signed in, for example a computer you no longer use. Nobody can carry on in your account from them afterwards. You sign in again where you need to.',
  },
  password: {
    title: 'Change your password',
    intro: 'After the change you stay signed in here, and you are signed out everywhere else.',
    submit: 'Change password',
    changed: 'Your password is changed. You are still signed in here, and signed out on other devices.',
    back: 'Back to your account',
  },
  forgot: {
    title: 'Forgotten your password?',
    intro: 'It happens to everyone. Here is how to get back into your account.',
    noEmailTitle: 'This site cannot send emails',
    noEmailText:
      'So we cannot email you a link. Instead, your trainer or the site’s administrator can make you a one-time link to choose a new password.',
    noEmailSteps: [
      'Ask your trainer or the administrator for a password reset link.',
      'Tell them the email address you signed up with.',
      'Open the link they give you within 24 hours and choose a new password.',
    ],
    emailIntro: 'Enter the email address you signed up with. If it belongs to an account, we will email you a link to choose a new password.',
    submit: 'Send me a link',
    sent: 'If that email address belongs to an account, we have sent a link to it. It can take a few minutes to arrive; please check your spam folder too. The link works for a limited time.',
    backToSignIn: 'Back to sign in',
  },
  reset: {
    title: 'Choose a new password',
    intro: 'Choose a new password for your account. This link works only once.',
    submit: 'Save my new password',
    badLinkTitle: 'This link does not work any more',
    badLinkText:
      'Reset links work once, and only for a limited time. This one may have been used already or be too old. Nothing is wrong with your account: please ask your trainer or the administrator for a new link.',
    forgotLink: 'How to get a new link',
    signedInTitle: 'Please sign out first',
    signedInText: (name: string) =>
      `You are signed in as ${name}. A reset link is only for the person it was made for, so it does not work while anyone is signed in on this browser. If the link is for you, sign out, then open the link again.`,
  },
  notices: {
    title: 'Something happened to your account',
    resetLinkMade: (staff: string, date: string) =>
      `A password reset link was made for your account by ${staff} on ${date}. If you did not ask for this, tell your organisation.`,
    resetLinkUsed: (staff: string, date: string) =>
      `The password reset link made by ${staff} was used to choose a new password on ${date}. If this was not you, tell your organisation straight away.`,
    dismiss: 'I have read this',
    activityTitle: 'Account activity',
    activityIntro: 'Password reset links made for your account, and when they were used. This list stays here even after you mark a notice as read.',
    activityNone: 'Nothing has happened to your account that you need to know about.',
  },
  signOutEverywhere: {
    button: 'Sign out everywhere',
  },
  staffReset: {
    title: 'Make a password reset link',
    intro:
      'If someone has forgotten their password, you can make them a one-time link to choose a new one. The link works once, for 24 hours. Only the person should open it.',
    email: 'Their email address',
    emailHint: 'The email address they signed up with.',
    submit: 'Make a link',
    outOfReach:
      'We cannot make a link for this email address. You can make links only for trainees in a group you train. Please check the spelling, or ask an administrator.',
    forbiddenSelf: 'This is your own account. To change your own password, use “Change your password” on your account page.',
    notStaffTitle: 'This page is for trainers and administrators',
    notStaffText: 'If you need a password reset link, please ask your trainer.',
    madeTitle: (name: string) => `A link for ${name}`,
    madeText: (expires: string) =>
      `Give this link to the person privately, for example in a direct message. It works once, until ${expires}. It is shown only now: copy it before you leave this page.`,
    linkLabel: 'Reset link',
    copy: 'Copy link',
    copied: 'Link copied.',
    copyFailed: 'Could not copy. Please select the link and copy it.',
    another: 'Make another link',
    previousRevoked: 'Any earlier link for this person no longer works.',
  },
};

export type AuthMessages = typeof authEn;

/** The accounts text for a locale; en-GB until translations exist. */
export function authMessagesFor(_lang = 'en-GB'): AuthMessages {
  return authEn;
}

/** "15 minutes" etc., reused for waits. */
export { formatDuration };
