/**
 * Sending one rendered email over SMTP with nodemailer. Node-only. The settings come from
 * ./config.ts; the TLS mode maps to nodemailer as:
 * - `tls`: TLS from the first byte (usually port 465);
 * - `starttls`: plain connection upgraded with STARTTLS, which must succeed (port 587);
 * - `none`: no TLS at all, not even when offered (a relay on the same machine or network).
 */
import nodemailer from 'nodemailer';
import type { SmtpSettings } from './config.ts';
import type { RenderedEmail } from './templates.ts';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** `<outbox-…@…>`, the same on every attempt. */
  messageId: string;
}

export interface Sender {
  /** Resolves with the Message-ID once the SMTP server has accepted the message. */
  send(email: OutgoingEmail): Promise<string>;
  close(): void;
}

/** Seconds to wait for the server at each step; a send never takes longer than the worker's lease. */
const TIMEOUT_MS = 30_000;

export function createSender(smtp: SmtpSettings): Sender {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'tls',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.password } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(email) {
      const info = await transport.sendMail({
        from: { name: smtp.fromName, address: smtp.fromAddress },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: { ...email.headers, 'Auto-Submitted': 'auto-generated' },
      });
      return info.messageId || email.messageId;
    },
    close() {
      transport.close();
    },
  };
}
