/**
 * Support contacts (pure): the shape, the defaults for each UK nation, and tap-to-call links.
 * Sources for every default are in docs/SUPPORT-CONTACTS.md; check them again before changing.
 */

export const NATIONS = ['england', 'wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof NATIONS)[number];

export interface SupportContact {
  name: string;
  /** When it is open, in words. */
  hours: string;
  /** A number to call (digits and spaces, maybe a leading +). */
  phone: string;
  /** A number to text. */
  sms: string;
  /** How to use it ("choose option 2", "text SHOUT"). */
  how: string;
  /** https address. */
  web: string;
}

const ALWAYS = '24 hours a day, every day';

const samaritans: SupportContact = {
  name: 'Samaritans',
  hours: ALWAYS,
  phone: '116 123',
  sms: '',
  how: 'Free to call, to talk about anything that is troubling you.',
  web: 'https://www.samaritans.org',
};
const shout: SupportContact = {
  name: 'Shout',
  hours: ALWAYS,
  phone: '',
  sms: '85258',
  how: 'Free, confidential text support: text SHOUT to 85258.',
  web: 'https://giveusashout.org',
};

const BY_NATION: Record<Nation, SupportContact[]> = {
  england: [
    {
      name: 'NHS 111, mental health option',
      hours: ALWAYS,
      phone: '111',
      sms: '',
      how: 'Call 111 and choose the mental health option (option 2) to reach your local NHS crisis team.',
      web: 'https://www.nhs.uk/nhs-services/mental-health-services/where-to-get-urgent-help-for-mental-health/',
    },
    samaritans,
    shout,
  ],
  wales: [
    {
      name: 'NHS 111 Wales, press 2',
      hours: ALWAYS,
      phone: '111',
      sms: '',
      how: 'Call 111 and press 2 to talk to a mental health practitioner in your health board.',
      web: 'https://111.wales.nhs.uk',
    },
    samaritans,
    shout,
  ],
  scotland: [
    {
      name: 'NHS 24, 111',
      hours: ALWAYS,
      phone: '111',
      sms: '',
      how: 'Call 111 and choose the mental health option to reach the NHS 24 Mental Health Hub.',
      web: 'https://www.nhs24.scot',
    },
    {
      name: 'Breathing Space',
      hours: 'Weekdays 6pm to 2am; weekends from 6pm Friday to 6am Monday',
      phone: '0800 83 85 87',
      sms: '',
      how: 'Free, confidential listening for anyone feeling low, stressed or anxious.',
      web: 'https://breathingspace.scot',
    },
    samaritans,
    shout,
  ],
  'northern-ireland': [
    {
      name: 'Lifeline',
      hours: ALWAYS,
      phone: '0808 808 8000',
      sms: '',
      how: 'Northern Ireland’s free crisis helpline. Textphone: 18001 0808 808 8000.',
      web: 'https://www.lifelinehelpline.info',
    },
    samaritans,
    shout,
  ],
};

/** The checked default contacts for a nation (a fresh copy). */
export function defaultSupportContacts(nation: Nation): SupportContact[] {
  return BY_NATION[nation].map((c) => ({ ...c }));
}

export function isNation(value: string): value is Nation {
  return (NATIONS as readonly string[]).includes(value);
}

/** `0808 808 8000` → `tel:08088088000`; `+44 …` keeps its plus. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

/** `85258` → `sms:85258`. */
export function smsHref(number: string): string {
  return `sms:${number.replace(/[^\d+]/g, '')}`;
}

/** Digits, spaces and one leading plus; 3 to 15 digits. */
export function isPhoneNumber(value: string): boolean {
  return /^\+?[\d ]+$/.test(value) && value.replace(/\D/g, '').length >= 3 && value.replace(/\D/g, '').length <= 15;
}
