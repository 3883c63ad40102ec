/**
 * Fixtures for certificate tests: puts a trainee's whole record for a course into a test
 * PocketBase with the service account, as if they had done the work and been assessed.
 * Shared by tests/integration/certificates.test.ts and tests/e2e/certificates.spec.ts.
 */
import type PocketBase from 'pocketbase';
import type { Course } from '../../src/lib/courses/course.ts';

export interface CompleteOptions {
  /** The assessor who decides and signs off (a user id) and the name they sign with. */
  assessor?: { id: string; name: string };
  /** Only these units are assessed and signed off; all by default. */
  units?: string[];
  /** Leave these modules not done. */
  skipModules?: string[];
  /** Log and confirm the practice hours the course asks for (when it sets a target); default true. */
  practiceHours?: boolean;
}

/**
 * Marks every module done (a passed attempt for modules with a knowledge check), meets every
 * criterion that needs an assessor (evidence + a `met` decision), and signs the units off.
 *
 * @param service a superuser client
 */
export async function completeCourse(service: PocketBase, user: string, course: Course, options: CompleteOptions = {}): Promise<void> {
  const skip = new Set(options.skipModules ?? []);
  for (const module of course.modules) {
    if (skip.has(module.id)) continue;
    if (module.knowledgeCheck) {
      const total = module.knowledgeCheck.questions.length;
      await service.collection('quiz_attempts').create({ user, course: course.slug, module: module.id, answers: {}, score: total, total, passed: true });
    } else {
      await service.collection('progress').create({ user, course: course.slug, module: module.id, status: 'completed', completed_at: new Date().toISOString() });
    }
  }
  if (options.practiceHours !== false && course.practiceHours) await confirmPracticeHours(service, user, course);
  const assessor = options.assessor;
  if (!assessor) return;
  const units = course.units.filter((u) => !options.units || options.units.includes(u.id));
  for (const unit of units) {
    for (const criterion of unit.outcomes.flatMap((o) => o.criteria)) {
      if (criterion.evidence === 'knowledge-check') continue;
      const evidence = await service.collection('evidence').create({ user, course: course.slug, criterion: criterion.ref, text: `My evidence for ${criterion.ref}.` });
      await service.collection('decisions').create({
        user,
        course: course.slug,
        criterion: criterion.ref,
        evidence: evidence.id,
        outcome: 'met',
        feedback: 'Well evidenced.',
        assessor: assessor.id,
        assessor_name: assessor.name,
      });
    }
    await service.collection('unit_signoffs').create({ user, course: course.slug, unit: unit.id, signed_by: assessor.id, signed_name: assessor.name });
  }
}

/** Confirmed practice hours meeting the course's target: each kind's hours, then the rest as study. */
async function confirmPracticeHours(service: PocketBase, user: string, course: Course): Promise<void> {
  const target = course.practiceHours;
  if (!target) return;
  const needed = Object.entries(target.by_kind ?? {}).map(([kind, hours]) => ({ kind, minutes: (hours ?? 0) * 60 }));
  const byKind = needed.reduce((sum, n) => sum + n.minutes, 0);
  needed.push({ kind: 'study', minutes: Math.max(0, target.total * 60 - byKind) });
  for (const { kind, minutes } of needed) {
    // One entry holds at most a day (1,440 minutes).
    for (let left = minutes; left > 0; left -= 1440) {
      await service.collection('practice_hours').create({
        user,
        course: course.slug,
        done_on: new Date().toISOString().slice(0, 10),
        minutes: Math.max(15, Math.min(1440, left)),
        kind,
        status: 'confirmed',
        reviewed_at: new Date().toISOString(),
      });
    }
  }
}
