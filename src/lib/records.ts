/**
 * Shapes of PocketBase records, as the web server reads them. Field meanings and access
 * rules are in docs/DATA-MODEL.md; the migrations in pocketbase/pb_migrations define them.
 */
import type { RecordModel } from 'pocketbase';

export const ROLES = ['trainee', 'trainer', 'assessor', 'verifier', 'admin', 'iqa', 'author'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRecord extends RecordModel {
  email: string;
  display_name: string;
  role: Role[];
  pronouns: string;
  pref_large_text: boolean;
  pref_reduced_motion: boolean;
  pref_dyslexia_spacing: boolean;
  verified: boolean;
  /** Set by an admin: the IQA samples all of a new assessor's decisions. */
  new_assessor: boolean;
  /** For verifiers: the accrediting body they work for. */
  organisation: string;
}

export interface CohortRecord extends RecordModel {
  name: string;
  course: string;
  code: string;
  starts_on: string;
  ends_on: string;
  trainers: string[];
  assessors: string[];
  iqas: string[];
  verifiers: string[];
  archived: boolean;
  /** This group takes the trainees who enrol themselves in its (open) course. */
  takes_self_enrolled?: boolean;
}

/** A trainee's "please assess me" for a course, and its answer (kept; answered once). */
export interface AssessmentRequestRecord extends RecordModel {
  user: string;
  course: string;
  message: string;
  status: 'open' | 'placed' | 'declined';
  /** The group they were placed in (status placed). */
  cohort: string;
  /** Why it was declined (status declined). */
  answer: string;
  answered_by: string;
  answered_name: string;
  answered_at: string;
  created: string;
  updated: string;
}

export interface EnrolmentRecord extends RecordModel {
  user: string;
  course: string;
  cohort: string;
  status: 'active' | 'left';
  created: string;
  updated: string;
}

export interface ProgressRecord extends RecordModel {
  user: string;
  course: string;
  module: string;
  status: 'started' | 'completed';
  completed_at: string;
  created: string;
  /** When the person was last on the module; used to resume. */
  updated: string;
}

export interface ReflectionRecord extends RecordModel {
  user: string;
  course: string;
  module: string;
  prompt: string;
  title: string;
  body: string;
  shared: boolean;
  shared_at: string;
  version: number;
}

export interface ReflectionVersionRecord extends RecordModel {
  reflection: string;
  user: string;
  version: number;
  body: string;
}

export interface QuizAttemptRecord extends RecordModel {
  user: string;
  course: string;
  module: string;
  answers: Record<string, number[]>;
  score: number;
  total: number;
  passed: boolean;
  /** Ids of the questions asked, in the order shown; null/absent on rows from before pools. */
  asked?: string[] | null;
  /** Question id → option identities in the order shown; null/absent on older rows (file order). */
  option_order?: Record<string, number[]> | null;
}

export interface ModuleFeedbackRecord extends RecordModel {
  user: string;
  course: string;
  module: string;
  useful: 'yes' | 'partly' | 'no';
  hard_to_read: string;
  change: string;
  anonymous: boolean;
}

/**
 * A row of the `module_feedback_team` view: what the course team may read. Never the
 * author's id; their display name only when they chose to share it (else '').
 */
export interface ModuleFeedbackTeamRecord extends RecordModel {
  course: string;
  module: string;
  useful: 'yes' | 'partly' | 'no' | '';
  hard_to_read: string;
  change: string;
  anonymous: boolean;
  display_name: string;
}

export interface PasswordResetRecord extends RecordModel {
  user: string;
  token_hash: string;
  expires_at: string;
  used_at: string;
  created_by: string;
}

/** An invitation to a group for someone without an account (docs/DATA-MODEL.md, "invitations"). */
export interface InvitationRecord extends RecordModel {
  cohort: string;
  email: string;
  name: string;
  token_hash: string;
  expires_at: string;
  status: 'pending' | 'accepted' | 'withdrawn' | 'expired';
  invited_by: string;
  accepted_by: string;
  accepted_at: string;
  sent_count: number;
  /** The link went out by email (so accepting it proves the address). */
  emailed?: boolean;
}

/** Something a person is told about their own account next time they sign in. */
export interface AccountNoticeRecord extends RecordModel {
  user: string;
  kind: 'reset_link_made' | 'reset_link_used';
  /** The staff member's name as it was then (for a used link: who made it). */
  actor_name: string;
  made_at: string;
  /** Set when the person has read it; '' until then. */
  dismissed_at: string;
}

/** What a notification is about (pb_hooks/notifications.pb.js writes them). */
export type NotificationKind = 'decision' | 'feedback' | 'reply' | 'certificate' | StaffNotificationKind;

/** Notifications for staff (pb_hooks/notifications.pb.js): new evidence, an IQA's return, a sampling plan. */
export type StaffNotificationKind = 'evidence' | 'iqa_return' | 'sample';

/**
 * "Something is waiting for you" for one person: only the kind and where to look, never the
 * text of what was written. `user` is the recipient.
 */
export interface NotificationRecord extends RecordModel {
  user: string;
  kind: NotificationKind;
  /** A path on this site, e.g. `/evidence/<course>`. */
  link: string;
  /** The id of the decision, reply or certificate the event created. */
  subject: string;
  /** When the person read it; '' while unread. */
  read_at: string;
  /** When an email told them about it; '' until then (for the email digest). */
  emailed_at: string;
  created: string;
}

/** A trainee's submission for one criterion; never edited in place. */
export interface EvidenceRecord extends RecordModel {
  user: string;
  course: string;
  /** e.g. `U1/1.1`. */
  criterion: string;
  /** Markdown. */
  text: string;
  /** Protected file names: download with a file token. */
  files: string[];
  /** A shared reflection of the trainee's, or "". */
  reflection: string;
  created: string;
  updated: string;
}

/** An assessor's record of watching the trainee in practice. */
export interface ObservationRecord extends RecordModel {
  user: string;
  course: string;
  criterion: string;
  observed_on: string;
  context: string;
  notes: string;
  assessor: string;
  created: string;
  updated: string;
}

export type DecisionOutcome = 'met' | 'not_yet';

/** An assessor's judgement of one criterion, on one piece of evidence or one observation. */
export interface DecisionRecord extends RecordModel {
  user: string;
  course: string;
  criterion: string;
  /** Exactly one of `evidence` and `observation` is set. */
  evidence: string;
  observation: string;
  outcome: DecisionOutcome;
  feedback: string;
  assessor: string;
  assessor_name: string;
  /** The decision this one corrects, or "". */
  supersedes: string;
  created: string;
  updated: string;
}

/** A unit signed off for a trainee; one per (user, course, unit). */
export interface UnitSignoffRecord extends RecordModel {
  user: string;
  course: string;
  /** e.g. `U1`. */
  unit: string;
  signed_by: string;
  signed_name: string;
  /** The row of the same chain this one follows ("" for the first sign-off). */
  supersedes: string;
  /** True: this row withdraws the sign-off it supersedes. */
  withdrawn: boolean;
  /** Why it was withdrawn (required on a withdrawal). */
  reason: string;
  created: string;
  updated: string;
}

/** An IQA's sampling plan for a cohort. */
export interface QaPlanRecord extends RecordModel {
  cohort: string;
  created_by: string;
  method: 'assessor' | 'unit' | 'random';
  /** An assessor id, a unit id or a percentage, depending on `method`. */
  parameter: string;
  /** The decisions drawn. */
  decisions: string[];
  created: string;
  updated: string;
}

/** An IQA's verdict on one sampled decision. */
export interface QaSampleRecord extends RecordModel {
  decision: string;
  cohort: string;
  iqa: string;
  verdict: 'agree' | 'disagree';
  rationale: string;
  created: string;
  updated: string;
}

/** A trainer's reply to a shared reflection. */
export interface ReflectionCommentRecord extends RecordModel {
  reflection: string;
  author: string;
  body: string;
  created: string;
  updated: string;
}

/** One append-only audit row, written by pb_hooks/audit.pb.js or the service account. */
export interface AuditLogRecord extends RecordModel {
  /** The person who acted; "" for the service account. */
  actor: string;
  /** Their display name, or "service". */
  actor_name: string;
  /** `<noun>.<verb>`, e.g. `decision.create`, `user.role_change`. */
  action: string;
  target_collection: string;
  target_id: string;
  /** The cohort the change belongs to, or "". */
  cohort: string;
  /** Small facts (criterion, outcome, roles before/after); never file contents or reflection text. */
  details: Record<string, unknown>;
  created: string;
  updated: string;
}

/** An issued certificate (docs/DATA-MODEL.md, certificates; src/lib/certificates/). Never deleted; what it says never changes. */
export interface CertificateRecord extends RecordModel {
  /** 16 characters, no dashes (src/lib/certificates/code.ts). */
  code: string;
  kind: 'full' | 'unit' | 'attendance';
  user: string;
  course: string;
  course_version: string;
  /** The unit id for a unit certificate, else "". */
  unit: string;
  /** The CertificateSnapshot (src/lib/certificates/snapshot.ts); read it with parseSnapshot. */
  snapshot: unknown;
  snapshot_digest: string;
  /** The signed Open Badges credential. */
  credential: Record<string, unknown>;
  status_index: number;
  issued_at: string;
  expires_at: string;
  revoked_at: string;
  revoke_reason: string;
  revoked_by: string;
  /** The certificate this one corrects, or "". */
  replaces: string;
  /** The corrected certificate that replaced this one, or "". */
  replaced_by: string;
  holder_name_display: 'full' | 'initials' | 'surname_check';
  created: string;
  updated: string;
}

/** A person who may edit one course in the browser (docs/DATA-MODEL.md, course_authors). */
export interface CourseAuthorRecord extends RecordModel {
  /** Course slug. */
  course: string;
  user: string;
  created: string;
  updated: string;
}

export type CourseRevisionKind = 'create' | 'save' | 'restore' | 'disk' | 'import' | 'move' | 'retire' | 'upload' | 'delete';

/** One change to one file of a course's working copy; written only by the service client. */
export interface CourseRevisionRecord extends RecordModel {
  course: string;
  /** Inside the course folder: `01-intro.md`, `images/a.png`, `.retired/03-old.md`. */
  path: string;
  kind: CourseRevisionKind;
  message: string;
  /** The person who changed it, or "" for a change found on disk. */
  actor: string;
  actor_name: string;
  /** The text after the change; "" for pictures and deletions. */
  content: string;
  /** sha256 hex of the bytes after the change ("" when deleted). */
  hash: string;
  previous_hash: string;
  size: number;
  /** 1, 2, 3… per (course, path). */
  seq: number;
  created: string;
  updated: string;
}

/** One publication of a course: the version trainees now read. */
export interface CoursePublicationRecord extends RecordModel {
  course: string;
  version: string;
  actor: string;
  actor_name: string;
  file_count: number;
  created: string;
  updated: string;
}
