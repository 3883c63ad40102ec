/**
 * Reading a posted form. A body that is not a form (wrong content type, cut short, already read)
 * reads as an empty form, so the page's own validation says what is missing rather than a 500.
 */

/** The posted form, or an empty one when the body cannot be read as a form. */
export async function readForm(request: Request): Promise<FormData> {
  return (await tryReadForm(request)) ?? new FormData();
}

/** The posted form, or undefined when the body cannot be read as a form. */
export async function tryReadForm(request: Request): Promise<FormData | undefined> {
  // Rejects for a body that is not a form, one cut short or over a size limit, or one already read:
  // all of them are "no usable form" here, never an outage.
  return request.formData().catch(() => undefined);
}
