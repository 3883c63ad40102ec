/**
 * GET /files/evidence/<recordId>/<filename>: streams one protected evidence file to someone
 * who may see its evidence row, with headers that keep it from ever running as a page
 * (see evidenceFileHeaders). Anyone else gets "not found", whether the row exists or not.
 */
import type { TypedPocketBase } from '../pb.ts';
import { evidenceFileHeaders } from './evidence.ts';
import { RECORD_ID } from '../record-id.ts';
import { openEvidenceFile } from './evidence-store.ts';

/** A stored file name as PocketBase makes them. */
const STORED_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$/;

/**
 * The file as a response, or `not-found`.
 *
 * @param pb the person's own client (locals.pb)
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function evidenceFileResponse(pb: TypedPocketBase, id: string | undefined, name: string | undefined): Promise<Response | 'not-found'> {
  if (!id || !name || !RECORD_ID.test(id) || !STORED_NAME.test(name)) return 'not-found';
  const file = await openEvidenceFile(pb, id, name);
  if (!file) return 'not-found';
  const headers = new Headers(evidenceFileHeaders(name));
  if (file.length) headers.set('Content-Length', file.length);
  return new Response(file.body, { status: 200, headers });
}
