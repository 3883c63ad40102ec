/**
 * Shapes of PocketBase records, as the web server reads them, under the names the rest of the
 * code uses. The fields and their types come from src/lib/records.generated.ts, which
 * `npm run records:generate` writes from the schema the migrations build (a test fails when it
 * drifts). Only what the schema cannot say is narrowed here: the shape of JSON fields, and
 * fields older rows may lack. Field meanings and access rules are in docs/DATA-MODEL.md.
 */
import type { RecordModel } from 'pocketbase';
import type * as Schema from './records.generated.ts';

export type { CollectionName, CollectionRecord } from './records.generated.ts';

export const ROLES = ['trainee', 'trainer', 'assessor', 'verifier', 'admin', 'iqa', 'author'] as const satisfies readonly Schema.UsersFields['role'][number][];
export type Role = Schema.UsersFields['role'][number];

/** A person's account (the `users` auth collection). */
export interface UserRecord extends Schema.UsersFields, RecordModel {}

/** A group of trainees on one course, with its staff lists. */
export interface CohortRecord extends Schema.CohortsFields, RecordModel {}

/** A trainee's "please assess me" for a course, and its answer (kept; answered once). */
export interface AssessmentRequestRecord extends Schema.AssessmentRequestsFields, RecordModel {}

export interface EnrolmentRecord extends Schema.EnrolmentsFields, RecordModel {}

/** A trainee's place in a module; `updated` is when they were last on it (used to resume). */
export interface ProgressRecord extends Schema.ProgressFields, RecordModel {}

export interface ReflectionRecord extends Schema.ReflectionsFields, RecordModel {}

export interface ReflectionVersionRecord extends Schema.ReflectionVersionsFields, RecordModel {}

export interface QuizAttemptRecord extends Omit<Schema.QuizAttemptsFields, 'answers' | 'asked' | 'option_order'>, RecordModel {
  /** Question id → the option identities chosen. */
  answers: Record<string, number[]>;
  /** Ids of the questions asked, in the order shown; null/absent on rows from before pools. */
  asked?: string[] | null;
  /** Question id → option identities in the order shown; null/absent on older rows (file order). */
  option_order?: Record<string, number[]> | null;
}

export interface ModuleFeedbackRecord extends Schema.ModuleFeedbackFields, RecordModel {}

/**
 * A row of the `module_feedback_team` view: what the course team may read. Never the
 * author's id; their display name only when they chose to share it (else '').
 */
export interface ModuleFeedbackTeamRecord extends Omit<Schema.ModuleFeedbackTeamFields, 'display_name'>, RecordModel {
  /** A view's computed column: PocketBase types it as JSON; the view makes it text. */
  display_name: string;
}

export interface PasswordResetRecord extends Schema.PasswordResetsFields, RecordModel {}

/** An invitation to a group for someone without an account (docs/DATA-MODEL.md, "invitations"). */
export interface InvitationRecord extends Schema.InvitationsFields, RecordModel {}

/** One meeting of a group (docs/DATA-MODEL.md "cohort_sessions"). */
export interface CohortSessionRecord extends Schema.CohortSessionsFields, RecordModel {}

/** A trainee's mark on one session's register. */
export interface AttendanceRecord extends Schema.AttendanceFields, RecordModel {}
export type AttendanceStatus = Schema.AttendanceFields['status'];

/** Something a person is told about their own account next time they sign in. */
export interface AccountNoticeRecord extends Schema.AccountNoticesFields, RecordModel {}

/**
 * "Something is waiting for you" for one person: only the kind and where to look, never the
 * text of what was written. `user` is the recipient (pb_hooks/notifications.pb.js writes them).
 */
export interface NotificationRecord extends Schema.NotificationsFields, RecordModel {}

export type NotificationKind = NotificationRecord['kind'];

/** Notifications for staff (pb_hooks/notifications.pb.js): new evidence, an IQA's return, a sampling plan. */
export type StaffNotificationKind = Extract<NotificationKind, 'evidence' | 'iqa_return' | 'sample'>;

/** A trainee's submission for one criterion; never edited in place. `files` are protected (download with a file token). */
export interface EvidenceRecord extends Schema.EvidenceFields, RecordModel {}

/** An assessor's record of watching the trainee in practice. */
export interface ObservationRecord extends Schema.ObservationsFields, RecordModel {}

/** One rating of one competency by the trainee, an invited peer, a supervisor or an assessor; never edited. */
export interface CompetencyRatingRecord extends Schema.CompetencyRatingsFields, RecordModel {}

export type RatingRole = CompetencyRatingRecord['role'];

/** A trainee's invitation to one member of their group to rate them. */
export interface RatingInviteRecord extends Schema.RatingInvitesFields, RecordModel {}

/** A person's choice to answer a course's impact questionnaire (docs/IMPACT.md). */
export interface ImpactConsentRecord extends Schema.ImpactConsentsFields, RecordModel {}

/** One round of a person's impact questionnaire answers; readable by that person only. */
export interface ImpactAnswerRecord extends Schema.ImpactAnswersFields, RecordModel {}

export type DecisionOutcome = Schema.DecisionsFields['outcome'];

/**
 * An assessor's judgement of one criterion, on one piece of evidence or one observation
 * (exactly one of `evidence` and `observation` is set); `supersedes` is the decision it
 * corrects, or "".
 */
export interface DecisionRecord extends Schema.DecisionsFields, RecordModel {}

/** One row of a unit's sign-off chain (a sign-off, or a withdrawal that supersedes one). */
export interface UnitSignoffRecord extends Schema.UnitSignoffsFields, RecordModel {}

/** An IQA's sampling plan for a cohort. */
export interface QaPlanRecord extends Schema.QaPlansFields, RecordModel {}

/** An IQA's verdict on one sampled decision. */
export interface QaSampleRecord extends Schema.QaSamplesFields, RecordModel {}

/** A trainer's reply to a shared reflection. */
export interface ReflectionCommentRecord extends Schema.ReflectionCommentsFields, RecordModel {}

/** One append-only audit row, written by pb_hooks/audit.pb.js or the service account. */
export interface AuditLogRecord extends Omit<Schema.AuditLogFields, 'details'>, RecordModel {
  /** Small facts (criterion, outcome, roles before/after); never file contents or reflection text. */
  details: Record<string, unknown>;
}

/** An issued certificate (docs/DATA-MODEL.md, certificates; src/lib/certificates/). Never deleted; what it says never changes. */
export interface CertificateRecord extends Omit<Schema.CertificatesFields, 'credential'>, RecordModel {
  /** The CertificateSnapshot (src/lib/certificates/snapshot.ts); read it with parseSnapshot. */
  snapshot: unknown;
  /** The signed Open Badges credential. */
  credential: Record<string, unknown>;
}

/** A person who may edit one course in the browser (docs/DATA-MODEL.md, course_authors). */
export interface CourseAuthorRecord extends Schema.CourseAuthorsFields, RecordModel {}

export type CourseRevisionKind = Schema.CourseRevisionsFields['kind'];

/** One change to one file of a course's working copy; written only by the service client. */
export interface CourseRevisionRecord extends Schema.CourseRevisionsFields, RecordModel {}

/** One publication of a course: the version trainees now read. */
export interface CoursePublicationRecord extends Schema.CoursePublicationsFields, RecordModel {}

/** Practice or off-the-job hours a trainee logged, and their review (issue 19; DATA-MODEL.md). */
export interface PracticeHoursRecord extends Schema.PracticeHoursFields, RecordModel {}

/** A supervision session between a trainee and their supervisor, recorded by one side and confirmed by the other. */
export interface SupervisionSessionRecord extends Schema.SupervisionSessionsFields, RecordModel {}

/** An observation of a trainee's practice against criteria; each criterion also has an `observations` row. */
export interface PracticeObservationRecord extends Omit<Schema.PracticeObservationsFields, 'criteria'>, RecordModel {
  /** Criterion references such as `U2/1.1` (the hook checks the shape). */
  criteria: string[];
}
/** A topic in a group's discussion space (docs/DATA-MODEL.md, "Discussion"). */
export interface DiscussionThreadRecord extends Schema.DiscussionThreadsFields, RecordModel {}

/** A post in a discussion thread: shown, hidden by a trainer (with the reason) or removed on account closure. */
export interface DiscussionPostRecord extends Schema.DiscussionPostsFields, RecordModel {}

/** An earlier text of an edited discussion post (written by pb_hooks/discussion.pb.js). */
export interface DiscussionPostVersionRecord extends Schema.DiscussionPostVersionsFields, RecordModel {}

/** "Report this post", with a reason; trainers mark it dealt with. */
export interface DiscussionReportRecord extends Schema.DiscussionReportsFields, RecordModel {}

/** "This helped", once per person per post. */
export interface DiscussionReactionRecord extends Schema.DiscussionReactionsFields, RecordModel {}

/** A person muted a thread: no notifications about it. */
export interface DiscussionMuteRecord extends Schema.DiscussionMutesFields, RecordModel {}

/** A person left a group's discussion space. */
export interface DiscussionLeaveRecord extends Schema.DiscussionLeavesFields, RecordModel {}

/** A review round on a course's draft (docs/AUTHORING.md, "Review rounds"). */
export interface ReviewRoundRecord extends Schema.ReviewRoundsFields, RecordModel {}
/** Who is invited to a review round. */
export interface ReviewInviteRecord extends Schema.ReviewInvitesFields, RecordModel {}
/** A reviewer's comment, suggested rewording or structured review, and what the author did. */
export interface ReviewCommentRecord extends Schema.ReviewCommentsFields, RecordModel {}
/** How a reviewer or co-author is credited on a course. */
export interface ReviewCreditRecord extends Schema.ReviewCreditsFields, RecordModel {}
