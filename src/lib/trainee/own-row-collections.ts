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
