/**
 * A problem found in a course file, written for the peer trainer who has to fix it.
 * Printed as `path:line: what is wrong — how to fix it`.
 */
export interface CourseProblem {
  /** Path relative to the project root, with forward slashes, e.g. `courses/x/03-boundaries.md`. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  /** What is wrong and how to fix it, joined by " — ". */
  message: string;
}

export function problem(file: string, line: number, message: string): CourseProblem {
  return { file, line: Math.max(1, line), message };
}

export function formatProblem(p: CourseProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** A warning: `path:line: warning: what to look at — what to do`. Warnings never fail a check. */
export function formatWarning(p: CourseProblem): string {
  return `${p.file}:${p.line}: warning: ${p.message}`;
}

/** Problems sorted by file then line, so output reads top to bottom like the files. */
export function sortProblems(problems: CourseProblem[]): CourseProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.message.localeCompare(b.message));
}
