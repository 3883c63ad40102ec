/**
 * The course model: what a built course is (courses, modules, units, criteria, questions), the
 * rules for course and module file names, and lookups on a built course. Building and
 * validating one from its files is ./build.ts (problems in ./checks.ts, warnings in
 * ./warnings.ts); reading it from disk is ./course-fs.ts.
 */
import { createHash } from 'node:crypto';
import type { ImpactQuestionnaire } from './impact-questionnaire.ts';
import type { ReflectionTemplate } from './reflection-templates.ts';
import type { CourseFrontmatter, EnrolmentMode, EvidenceType } from './schema.ts';

/** Files a course may link to or show, beside its modules: served by the site with these types. */
export const COURSE_FILE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.pdf': 'application/pdf',
};

export const MODULE_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
export const COURSE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface CourseFile {
  /** Path inside the course folder, forward slashes: `course.md`, `01-intro.md`, `images/a.png`. */
  path: string;
  content: string | Uint8Array;
}

export interface Criterion {
  /** Unique in the course: `U1/1.1`. */
  ref: string;
  id: string;
  text: string;
  evidence: EvidenceType;
  unitId: string;
  outcomeId: string;
}

export interface Outcome {
  ref: string;
  id: string;
  text: string;
  criteria: Criterion[];
}

export interface Unit {
  id: string;
  title: string;
  credits: number;
  guidedLearningHours: number;
  outcomes: Outcome[];
}

export interface QuestionOption {
  text: string;
  correct: boolean;
  feedback: string;
}

export interface Question {
  id: string;
  question: string;
  type: 'single' | 'multiple';
  options: QuestionOption[];
  /** Options are shown in an order shuffled per attempt (false: in the order written). */
  shuffle: boolean;
}

export interface KnowledgeCheck {
  passMark: number;
  /** The pool: every question the module holds, in file order. */
  questions: Question[];
  /** How many questions one attempt asks, drawn from the pool; undefined asks them all. */
  ask?: number | undefined;
  /** The wait between attempts in milliseconds (0: none). */
  retryAfterMs?: number;
}

export interface Module {
  /** Stable id used in URLs and records; from front matter `id` or the file name. */
  id: string;
  number: number;
  file: string;
  title: string;
  duration: number;
  criteria: string[];
  outcomes: string[];
  mapsTo: string[];
  contentNote: string | undefined;
  reflectionPrompts: string[];
  knowledgeCheck: KnowledgeCheck | undefined;
  sources: string[];
  body: string;
  readingMinutes: number;
}

export interface ScaleLevel {
  score: number;
  label: string;
  descriptor: string;
}

export interface Competency {
  id: string;
  title: string;
  description: string;
  /** Framework domains it maps to, e.g. `hee/3`. */
  mapsTo: string[];
}

/** A course's competency set: its rating scale (scores 1…n, in order) and its competencies. */
export interface CompetencySet {
  title: string;
  source: string;
  scale: ScaleLevel[];
  items: Competency[];
}

export interface Course {
  slug: string;
  dir: string;
  title: string;
  summary: string;
  language: string;
  audience: string;
  authors: CourseFrontmatter['authors'];
  /** Reviewers and co-authors (course.md `credits:`); absent or empty when there are none. */
  credits?: NonNullable<CourseFrontmatter['credits']>;
  ordered: boolean;
  /** `open`: anyone signed in may enrol; `invitation`: only with a group code. */
  enrolment: EnrolmentMode;
  passMark: number;
  /** The share (1–100) of their group's sessions a trainee must attend for the whole-course certificate; undefined: no minimum. */
  minimumAttendance?: number | undefined;
  accreditation: CourseFrontmatter['accreditation'];
  frameworks: CourseFrontmatter['frameworks'];
  /** Practice hours to log, when the course sets a target (./practice.ts). */
  practiceHours: CourseFrontmatter['practice_hours'];
  /** Supervision sessions to aim for, when the course sets them. */
  supervision: CourseFrontmatter['supervision'];
  /** What trainees, peers, supervisors and assessors rate; undefined when the course sets none. */
  competencies: CompetencySet | undefined;
  /** Guided reflection models offered in the reflection editor (the shipped set by default). */
  reflectionTemplates: ReflectionTemplate[];
  /** The optional impact questionnaire (docs/IMPACT.md); undefined when the course asks none. */
  impactQuestionnaire?: ImpactQuestionnaire;
  units: Unit[];
  intro: string;
  modules: Module[];
  /** Content hash of every file in the course folder (12 hex characters). */
  version: string;
  totalMinutes: number;
  criteria: Map<string, Criterion>;
}

/** Content hash over every file's path and bytes, in path order. */
export function courseVersion(files: CourseFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path);
    hash.update('\0');
    hash.update(file.content);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** RQF sizes: Award up to 12 credits, Certificate 13–36, Diploma 37 or more. */
export function qualificationSize(credits: number): 'Award' | 'Certificate' | 'Diploma' {
  if (credits <= 12) return 'Award';
  if (credits <= 36) return 'Certificate';
  return 'Diploma';
}

/** Looks a module up by its id. */
export function findModule(course: Course, moduleId: string): Module | undefined {
  return course.modules.find((m) => m.id === moduleId);
}

/** Which modules serve each criterion ref. */
export function modulesByCriterion(course: Course): Map<string, Module[]> {
  const map = new Map<string, Module[]>();
  for (const module of course.modules) {
    for (const ref of module.criteria) map.set(ref, [...(map.get(ref) ?? []), module]);
  }
  return map;
}

/** Total credits of a course (from its units). */
export function courseCredits(course: Course): number {
  return course.units.reduce((sum, u) => sum + u.credits, 0);
}
