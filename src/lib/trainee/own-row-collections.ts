import type {
  CertificateRecord,
  DecisionRecord,
  EnrolmentRecord,
  EvidenceRecord,
  ModuleFeedbackRecord,
  NotificationRecord,
  ObservationRecord,
  ProgressRecord,
  QuizAttemptRecord,
  UnitSignoffRecord,
} from '../records.ts';

/**
 * The collections that hold a person's own rows (each through its `user` field), by the name
 * `OwnRecords` uses for them. Shared by the loader (./own-records-store.ts) and by what keeps
 * the remembered copies right (../cache/remembered.ts).
 */
export const OWN_ROW_COLLECTIONS = {
  enrolments: 'enrolments',
  progress: 'progress',
  reflections: 'reflections',
  attempts: 'quiz_attempts',
  evidence: 'evidence',
  observations: 'observations',
  decisions: 'decisions',
  signoffs: 'unit_signoffs',
  feedback: 'module_feedback',
  certificates: 'certificates',
  notifications: 'notifications',
} as const;

/** A reflection without its text: `excerpt` is its first 40 characters, enough to tell "written". */
export interface ReflectionSummary {
  id: string;
  course: string;
  module: string;
  prompt: string;
  title: string;
  shared: boolean;
  version: number;
  excerpt: string;
  created: string;
  updated: string;
}

export type OwnAttempt = QuizAttemptRecord & { created: string; updated: string };

export interface OwnRecords {
  enrolments: EnrolmentRecord[];
  progress: ProgressRecord[];
  reflections: ReflectionSummary[];
  attempts: OwnAttempt[];
  evidence: EvidenceRecord[];
  observations: ObservationRecord[];
  decisions: DecisionRecord[];
  signoffs: UnitSignoffRecord[];
  feedback: (ModuleFeedbackRecord & { created: string; updated: string })[];
  certificates: (CertificateRecord & { created: string; updated: string })[];
  /** Read and unread, oldest first (the dashboard shows them newest first). */
  notifications: NotificationRecord[];
}
