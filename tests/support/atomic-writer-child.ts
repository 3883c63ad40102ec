/**
 * Child process for tests/unit/authoring-store-atomic.test.ts: rewrites one file in a tight
 * loop with atomic writes until it is killed (kill -9). Prints "ready" after the first write.
 *
 *   node tests/support/atomic-writer-child.ts <file> <bytes>
 */
import { writeFileAtomic } from '../../src/lib/authoring/atomic-write.ts';

const [file, bytes] = process.argv.slice(2);
const size = Number(bytes);
// Same as versionText in the test.
const versionText = (k: number, n: number) => `version ${k}\n` + String.fromCharCode(97 + k).repeat(n) + `\nend of version ${k}\n`;
const versions = [0, 1, 2].map((k) => versionText(k, size));
let i = 0;
writeFileAtomic(file!, versions[0]!);
process.stdout.write('ready\n');
for (;;) writeFileAtomic(file!, versions[++i % 3]!);
