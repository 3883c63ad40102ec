/**
 * PocketBase clients for the web server. A new client per request carries the person's own
 * token, so PocketBase's API rules decide what they may read and write. The service client
 * (superuser) is only for what no person may do; see docs/DATA-MODEL.md.
 */
import PocketBase, { type RecordService } from 'pocketbase';
import { forgetAfterWrites } from './cache/remembered.ts';
import type {
  AuditLogRecord,
  CertificateRecord,
  CohortRecord,
  InvitationRecord,
  CourseAuthorRecord,
  CoursePublicationRecord,
  CourseRevisionRecord,
  DiscussionLeaveRecord,
  DiscussionMuteRecord,
  DiscussionPostRecord,
  DiscussionPostVersionRecord,
  DiscussionReactionRecord,
  DiscussionReportRecord,
  DiscussionThreadRecord,
  DecisionRecord,
  EnrolmentRecord,
  EvidenceRecord,
  ModuleFeedbackRecord,
  ModuleFeedbackTeamRecord,
  ObservationRecord,
  PasswordResetRecord,
  AccountNoticeRecord,
  NotificationRecord,
  ProgressRecord,
  QaPlanRecord,
  QaSampleRecord,
  AssessmentRequestRecord,
  QuizAttemptRecord,
  ReflectionCommentRecord,
  CompetencyRatingRecord,
  RatingInviteRecord,
  ReviewCommentRecord,
  ReviewCreditRecord,
  ReviewInviteRecord,
  ReviewRoundRecord,
  ImpactConsentRecord,
  ImpactAnswerRecord,
  ReflectionRecord,
  ReflectionVersionRecord,
  UnitSignoffRecord,
  UserRecord,
} from './records.ts';

export interface TypedPocketBase extends PocketBase {
  collection(idOrName: 'users'): RecordService<UserRecord>;
  collection(idOrName: 'cohorts'): RecordService<CohortRecord>;
  collection(idOrName: 'enrolments'): RecordService<EnrolmentRecord>;
  collection(idOrName: 'progress'): RecordService<ProgressRecord>;
  collection(idOrName: 'reflections'): RecordService<ReflectionRecord>;
  collection(idOrName: 'reflection_versions'): RecordService<ReflectionVersionRecord>;
  collection(idOrName: 'quiz_attempts'): RecordService<QuizAttemptRecord>;
  collection(idOrName: 'module_feedback'): RecordService<ModuleFeedbackRecord>;
  collection(idOrName: 'module_feedback_team'): RecordService<ModuleFeedbackTeamRecord>;
  collection(idOrName: 'password_resets'): RecordService<PasswordResetRecord>;
  collection(idOrName: 'invitations'): RecordService<InvitationRecord>;
  collection(idOrName: 'account_notices'): RecordService<AccountNoticeRecord>;
  collection(idOrName: 'notifications'): RecordService<NotificationRecord>;
  collection(idOrName: 'evidence'): RecordService<EvidenceRecord>;
  collection(idOrName: 'observations'): RecordService<ObservationRecord>;
  collection(idOrName: 'decisions'): RecordService<DecisionRecord>;
  collection(idOrName: 'unit_signoffs'): RecordService<UnitSignoffRecord>;
  collection(idOrName: 'qa_plans'): RecordService<QaPlanRecord>;
  collection(idOrName: 'qa_samples'): RecordService<QaSampleRecord>;
  collection(idOrName: 'assessment_requests'): RecordService<AssessmentRequestRecord>;
  collection(idOrName: 'reflection_comments'): RecordService<ReflectionCommentRecord>;
  collection(idOrName: 'audit_log'): RecordService<AuditLogRecord>;
  collection(idOrName: 'certificates'): RecordService<CertificateRecord>;
  collection(idOrName: 'course_authors'): RecordService<CourseAuthorRecord>;
  collection(idOrName: 'course_revisions'): RecordService<CourseRevisionRecord>;
  collection(idOrName: 'course_publications'): RecordService<CoursePublicationRecord>;
  collection(idOrName: 'discussion_threads'): RecordService<DiscussionThreadRecord>;
  collection(idOrName: 'discussion_posts'): RecordService<DiscussionPostRecord>;
  collection(idOrName: 'discussion_post_versions'): RecordService<DiscussionPostVersionRecord>;
  collection(idOrName: 'discussion_reports'): RecordService<DiscussionReportRecord>;
  collection(idOrName: 'discussion_reactions'): RecordService<DiscussionReactionRecord>;
  collection(idOrName: 'discussion_mutes'): RecordService<DiscussionMuteRecord>;
  collection(idOrName: 'discussion_leaves'): RecordService<DiscussionLeaveRecord>;
  collection(idOrName: 'competency_ratings'): RecordService<CompetencyRatingRecord>;
  collection(idOrName: 'rating_invites'): RecordService<RatingInviteRecord>;
  collection(idOrName: 'review_rounds'): RecordService<ReviewRoundRecord>;
  collection(idOrName: 'review_invites'): RecordService<ReviewInviteRecord>;
  collection(idOrName: 'review_comments'): RecordService<ReviewCommentRecord>;
  collection(idOrName: 'review_credits'): RecordService<ReviewCreditRecord>;
  collection(idOrName: 'impact_consents'): RecordService<ImpactConsentRecord>;
  collection(idOrName: 'impact_answers'): RecordService<ImpactAnswerRecord>;
  collection(idOrName: string): RecordService;
}

/** Where PocketBase listens; `npm start` sets PB_URL for the web server. */
export function pocketBaseUrl(): string {
  return process.env.PB_URL ?? `http://127.0.0.1:${process.env.PB_PORT ?? '8090'}`;
}

/** A fresh client for one request. Auto-cancellation is off: on a server, parallel identical requests are normal. */
export function createClient(url = pocketBaseUrl()): TypedPocketBase {
  const pb = new PocketBase(url) as TypedPocketBase;
  pb.autoCancellation(false);
  forgetAfterWrites(pb);
  return pb;
}
