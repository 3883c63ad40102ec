/**
 * Shapes of PocketBase records, as the web server reads them. Field meanings and access
 * rules are in docs/DATA-MODEL.md; the migrations in pocketbase/pb_migrations define them.
 */
import type { RecordModel } from 'pocketbase';

export const ROLES = ['trainee', 'trainer', 'assessor', 'verifier', 'admin'] as const;
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
}

export interface CohortRecord extends RecordModel {
  name: string;
  course: string;
  code: string;
  starts_on: string;
  ends_on: string;
  trainers: string[];
  archived: boolean;
}

export interface EnrolmentRecord extends RecordModel {
  user: string;
  course: string;
  cohort: string;
  status: 'active' | 'left';
}

export interface ProgressRecord extends RecordModel {
  user: string;
  course: string;
  module: string;
  status: 'started' | 'completed';
  completed_at: string;
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

export interface PasswordResetRecord extends RecordModel {
  user: string;
  token_hash: string;
  expires_at: string;
  used_at: string;
  created_by: string;
}
