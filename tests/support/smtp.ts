/**
 * A real SMTP server for tests (the `smtp-server` package), on a free loopback port, plain
 * SMTP with no TLS and no sign-in (point the site at it with `smtpEnv(server)`). It keeps every
 * message it has accepted, decoded enough to read: Message-ID, subject, plain text, HTML.
 *
 *   const smtp = await startTestSmtpServer();
 *   // … SMTP_HOST=127.0.0.1 SMTP_PORT=<smtp.port> SMTP_TLS=none …
 *   const [message] = await smtp.waitForMessages(1);
 *   await smtp.stop();
 *
 * Misbehaving on purpose:
 * - `refuse('connect')`: every new connection is turned away with 421 (try later);
 *   `refuse('message')`: every message gets 451 after DATA; `refuse('permanent')`: 550;
 *   `refuse(false)`: back to normal.
 * - `hold()`: messages are read in full but not answered, as a slow server would; `release()`
 *   answers them. A message counts as accepted only when its "250" is written to a
 *   connection that is still open: if the client went away meanwhile (killed), the message is
 *   dropped, as a real server that never said "accepted" drops it.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { findFreePort } from '../../src/lib/server/ports.ts';

export interface ReceivedMessage {
  /** The Message-ID header, e.g. `<outbox-abc@example.org>`. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  /** Every message accepted, in order. */
  readonly messages: ReceivedMessage[];
  /** Messages read in full while holding, not answered yet. */
  heldCount(): number;
  /** Messages that were held and whose client was gone when released. */
  droppedCount(): number;
  /** Resolves with the messages once at least `count` were accepted. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Resolves once at least `count` messages are held. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once the client of every held message has gone away (e.g. was killed). */
  waitForHeldClientsGone(timeoutMs?: number): Promise<void>;
  refuse(mode: 'connect' | 'message' | 'permanent' | false): void;
  hold(): void;
  release(): void;
  stop(): Promise<void>;
}

type Held = { session: SMTPServerSession; raw: string; callback: (error?: Error | null) => void };

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const closed = new Set<string>();
  let held: Held[] = [];
  let holding = false;
  let dropped = 0;
  let refusing: 'connect' | 'message' | 'permanent' | false = false;

  const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

  const accept = (item: Held) => {
    if (closed.has(item.session.id)) {
      dropped += 1;
      return;
    }
    messages.push(parseMessage(item.raw, item.session));
    item.callback(null);
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (refusing === 'connect') return callback(smtpError(421, 'Try again later'));
      callback();
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (refusing === 'message') return callback(smtpError(451, 'Temporary local problem, try again later'));
        if (refusing === 'permanent') return callback(smtpError(550, 'Mailbox unavailable'));
        const item = { session, raw, callback };
        if (holding) held.push(item);
        else accept(item);
      });
    },
  });

  const port = await findFreePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);

  const until = async (check: () => boolean, timeoutMs: number, what: string) => {
    const started = Date.now();
    while (!check()) {
      if (Date.now() - started > timeoutMs) throw new Error(`Test SMTP server: ${what} did not happen within ${timeoutMs} ms (accepted ${messages.length}, held ${held.length})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    host: '127.0.0.1',
    port,
    messages,
    heldCount: () => held.length,
    droppedCount: () => dropped,
    async waitForMessages(count, timeoutMs = 20_000) {
      await until(() => messages.length >= count, timeoutMs, `${count} message(s) arriving`);
      return messages;
    },
    async waitForHeld(count, timeoutMs = 20_000) {
      await until(() => held.length >= count, timeoutMs, `${count} message(s) being held`);
    },
    async waitForHeldClientsGone(timeoutMs = 20_000) {
      await until(() => held.every((item) => closed.has(item.session.id)), timeoutMs, 'the held messages\' clients going away');
    },
    refuse(mode) {
      refusing = mode;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      const waiting = held;
      held = [];
      for (const item of waiting) accept(item);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The environment that sends the site's email to `server`. */
export function smtpEnv(server: Pick<TestSmtpServer, 'host' | 'port'>, extra: Record<string, string> = {}): Record<string, string> {
  return { SMTP_HOST: server.host, SMTP_PORT: String(server.port), SMTP_TLS: 'none', EMAIL_FROM: 'learning@example.org', ...extra };
}

// --- a small MIME reader: enough for what nodemailer writes ----------------------------------

function splitHead(raw: string): { head: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const headText = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const head: Record<string, string> = {};
  for (const line of headText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) head[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { head, body };
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_m, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(head: Record<string, string>, body: string): string {
  const encoding = (head['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function collectParts(head: Record<string, string>, body: string, into: { text: string; html: string }): void {
  const type = (head['content-type'] ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(head['content-type'] ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const pieces = body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      const part = splitHead(piece.replace(/^\r?\n/, ''));
      collectParts(part.head, part.body.replace(/\r?\n$/, ''), into);
    }
    return;
  }
  if (type.startsWith('text/html')) into.html += decodeBody(head, body);
  else if (type.startsWith('text/plain')) into.text += decodeBody(head, body);
}

function parseMessage(raw: string, session: SMTPServerSession): ReceivedMessage {
  const { head, body } = splitHead(raw);
  const parts = { text: '', html: '' };
  collectParts(head, body, parts);
  return {
    messageId: head['message-id'] ?? '',
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    to: session.envelope.rcptTo.map((r) => r.address),
    subject: decodeWords(head['subject'] ?? ''),
    text: parts.text.replace(/\r\n/g, '\n'),
    html: parts.html.replace(/\r\n/g, '\n'),
    headers: head,
    raw,
  };
}
