/**
 * Words for confirming an email address (verification of new accounts, change of email), on
 * the site and in the emails, en-GB. Plain and kind; emails never carry anything about what
 * the person wrote or shared, and never the other address.
 */
export const emailAccountEn = {
  verify: {
    noticeTitle: 'Please confirm your email address',
    noticeText: (email: string) =>
      `We sent a link to ${email}. Open it to confirm the address is yours. Until then you can read courses and write private reflections, but you cannot join a group or send evidence.`,
    noticeSpam: 'Cannot find it? Look in your junk or spam folder, or ask us to send it again.',
    resend: 'Send it again',
    resent: (email: string) => `We have sent a new link to ${email}. Earlier links no longer work.`,
    blocked: 'Please confirm your email address first: open the link we sent you, or ask for a new one on your account page. What you typed is kept below.',
    blockedJoin: 'Please confirm your email address before joining a group: open the link we sent you, or ask for a new one on your account page.',
    pageTitle: 'Confirm your email address',
    pageIntro: 'Press the button to confirm that this email address is yours.',
    confirm: 'Confirm my email address',
    doneTitle: 'Your email address is confirmed',
    doneText: 'Thank you. You can now join groups and send evidence.',
    goOn: 'Go to your dashboard',
    signIn: 'Sign in',
    badTitle: 'This link does not work',
    badText: 'It may have been used already, or it is more than a week old. Sign in and ask for a new one from your account page.',
    alreadyVerified: 'Your email address is confirmed.',
  },
  change: {
    sectionTitle: 'Email address',
    link: 'Change your email address',
    pageTitle: 'Change your email address',
    intro: 'We will send a link to the new address. Your email changes only once you open that link, signed in as you. We also tell your current address, in case this was not you.',
    newEmail: 'New email address',
    newEmailHint: 'The address you would like to sign in with from now on.',
    currentPassword: 'Your current password',
    currentPasswordHint: 'So we know it is really you.',
    submit: 'Send the confirmation link',
    back: 'Back to your account',
    sameAddress: 'This is already your email address. Please type the new one.',
    wrongPassword: 'That password is not right. Please type your current password.',
    sentTitle: 'Check your new email',
    sent: 'If that address can be used, a confirmation link is on its way to it. Open it while signed in as you, within 24 hours. Your email stays the same until then.',
    noEmailTitle: 'Changing your email needs an administrator',
    noEmailText:
      'This site cannot send emails, so it cannot check a new address. Please ask an administrator of your organisation: they can change it for you in the database administration page (docs/OPERATIONS.md, “Changing someone’s email”).',
    confirmTitle: 'Confirm your new email address',
    confirmIntro: (email: string) => `Press the button to make ${email} the address you sign in with.`,
    confirm: 'Use this email address',
    doneText: (email: string) => `Your email address is now ${email}. Use it next time you sign in.`,
    badTitle: 'This link does not work',
    badText: 'It may have been used already, be more than a day old, or belong to a different account. Ask again from your account page.',
    takenText: 'Another account has this address now, so it cannot be used. Ask again with a different address.',
  },
  emails: {
    verify: {
      subject: (org: string) => `Confirm your email address for ${org}`,
      intro: 'Thank you for making an account. Please open this link to confirm this email address is yours:',
      button: 'Confirm my email address',
      expiry: 'The link works once, for 7 days.',
      notYou: 'If you did not make an account, you can ignore this email.',
    },
    changeConfirm: {
      subject: (org: string) => `Confirm your new email address for ${org}`,
      intro: 'You asked to use this address for your account. Open this link, signed in as you, to confirm:',
      button: 'Use this email address',
      expiry: 'The link works once, for 24 hours. Until you open it, your account keeps its old address.',
      notYou: 'If you did not ask for this, you can ignore this email: nothing changes.',
    },
    changeTaken: {
      subject: (org: string) => `Someone asked to use this email address for ${org}`,
      intro: 'Someone asked to move their account to this email address. This address already has an account, so nothing has changed.',
      forgot: 'If this was you and you have forgotten the password for that account, you can choose a new one on the “Forgotten your password?” page:',
      button: 'Forgotten your password?',
      notYou: 'If it was not you, you can ignore this email.',
    },
    changeNotice: {
      subject: (org: string) => `Your email address for ${org} is being changed`,
      intro: 'Someone asked to change the email address of your account. It changes only once the link sent to the new address is opened.',
      notYou:
        'If this was not you, sign in to the learning site and change your password straight away, then tell an administrator of your organisation. If you cannot sign in, use “Forgotten your password?” on the sign-in page.',
    },
  },
  staffKinds: {
    email_verify: 'Email confirmation link',
    email_change_confirm: 'New email confirmation link',
    email_change_taken: 'New email: address already has an account',
    email_change_notice: 'Email change notice to old address',
  } as Record<string, string>,
} as const;
