/** Plain answers the web server gives itself, before a page is rendered (see scripts/server.ts). */
export const serverText = {
  tooLarge: (limit: string) =>
    `What was sent is too large: this address accepts at most ${limit}. Nothing was saved. Go back, make the file or text smaller, and send it again.`,
};
