import { describe, expect, it } from 'vitest';
import { auditActorName, auditFields } from '../../src/lib/audit-log.ts';

describe('audit rows', () => {
  it("name the actor by display name, then email, then id, and 'service' for none", () => {
    expect(auditActorName({ id: 'u1', display_name: 'Sam', email: 's@example.org' })).toBe('Sam');
    expect(auditActorName({ id: 'u1', display_name: '', email: 's@example.org' })).toBe('s@example.org');
    expect(auditActorName({ id: 'u1', display_name: '' })).toBe('u1');
    expect(auditActorName(null)).toBe('service');
  });

  it('store the fields the audit_log collection holds, with a caller-worded name when given', () => {
    expect(
      auditFields({ actor: { id: 'u1', display_name: 'Sam' }, action: 'certificate.issue', target_collection: 'certificates', target_id: 'c1', cohort: 'k1', details: { a: 1 } }),
    ).toEqual({ actor: 'u1', actor_name: 'Sam', action: 'certificate.issue', target_collection: 'certificates', target_id: 'c1', cohort: 'k1', details: { a: 1 } });
    expect(
      auditFields({ actor: null, actorName: 'A member of staff', action: 'course.import', target_collection: 'course_revisions', target_id: '', details: {} }),
    ).toEqual({ actor: '', actor_name: 'A member of staff', action: 'course.import', target_collection: 'course_revisions', target_id: '-', cohort: '', details: {} });
  });
});
