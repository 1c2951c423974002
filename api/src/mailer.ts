// Outgoing e-mail (member invitations) through the SMTP server in SMTP_URL, with nodemailer. Without one,
// nothing is sent: the invitation link is shown to the admin, and the API says once that e-mail is off.
import type { Mailer } from '@cape/core';
import { createTransport } from 'nodemailer';

export interface MailConfig {
  /** e.g. "smtps://user:password@smtp.example.com:465" or "smtp://127.0.0.1:2525". */
  smtpUrl: string;
  /** The From address, e.g. "CAPE refund platform <no-reply@example.com>". */
  from: string;
}

export function smtpMailer(config: MailConfig): Mailer {
  const transport = createTransport(config.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
  };
}

const mailers = new WeakMap<MailConfig, Mailer>();
let warned = false;

/** The mailer for this configuration (one transport per configuration), or null when e-mail is off. */
export function mailerFor(
  config: MailConfig | null | undefined,
  log: (line: string) => void = console.warn,
): Mailer | null {
  if (!config) {
    if (!warned) {
      warned = true;
      log('E-mail is not configured (SMTP_URL): invitation links are shown to the admin but not sent.');
    }
    return null;
  }
  let mailer = mailers.get(config);
  if (!mailer) {
    mailer = smtpMailer(config);
    mailers.set(config, mailer);
  }
  return mailer;
}
