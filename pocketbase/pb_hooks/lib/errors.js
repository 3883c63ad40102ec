/// <reference path="../../pb_data/types.d.ts" />

// The one way hooks refuse a request: an ApiError whose `data.<field>.code` is a code from
// lib/error-codes.json (the list the web server reads too, src/lib/hook-errors.ts), sent with
// the status the list gives it. A code not in the list is a bug in the hook: it throws a plain
// Error (a 500) rather than send a code the web server does not know.
// (PocketBase loads only `*.pb.js` as hooks; this file is a plain CommonJS module.)

/**
 * The refusal for `code` about `field`: `message` says what is wrong and how to fix it;
 * `detail` (optional) is the field's own message, when it differs.
 */
function hookError(field, code, message, detail) {
  const list = require(`${__hooks}/lib/error-codes.json`).hooks;
  const entry = Object.prototype.hasOwnProperty.call(list, code) ? list[code] : null;
  if (!entry) throw new Error(`pb_hooks: error code "${code}" is not in lib/error-codes.json`);
  return new ApiError(entry.status, message, { [field]: new ValidationError(code, detail || message) });
}

module.exports = { hookError };
