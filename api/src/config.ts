import { randomBytes } from 'node:crypto';
import type { PasswordCost } from '@cape/auth';
import { type AchKeyRing, parseAchKeyRing } from '@cape/core';
import { z } from 'zod';
import { parseTrustedProxies } from './client-address.ts';
import type { MailConfig } from './mailer.ts';

const ApiEnvironment = z.object({
  API_PORT: z.coerce.number().int().min(0).max(65535).default(4000), // 0: any free port
  API_HOST: z.string().default('127.0.0.1'),
  /** HMAC key for session tokens. Unset: a random key per process (sessions end when the API restarts). */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Largest request body read; larger ones are refused (413) before they are read. */
  API_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Browser origins allowed to call the API from another origin (CORS), comma-separated. */
  CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:5173,http://localhost:5173')
    .transform((spec, context) => {
      const origins = spec
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== '');
      for (const origin of origins) {
        if (
          !URL.canParse(origin) ||
          new URL(origin).origin !== origin ||
          !/^https?:$/.test(new URL(origin).protocol)
        ) {
          context.addIssue({
            code: 'custom',
            message: `"${origin}" is not an origin such as https://portal.example`,
          });
        }
      }
      return origins;
    }),
  /** Proxies whose X-Forwarded-For names the client (addresses, CIDR ranges, "loopback" or "none"). */
  TRUSTED_PROXIES: z
    .string()
    .default('loopback')
    .transform((spec, context) => {
      try {
        return parseTrustedProxies(spec);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** "id:base64key,..." (first key encrypts new ACH account numbers); required in production. */
  ACH_ENCRYPTION_KEYS: z.string().optional(),
  /** The portal's public address, for links sent to people (member invitations). */
  PORTAL_URL: z.url('PORTAL_URL must be an absolute URL').optional(),
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(5173),
  SMTP_URL: z.url('SMTP_URL must be a URL such as smtp://user:pass@host:587').optional(),
  MAIL_FROM: z.string().min(3).default('CAPE refund platform <no-reply@localhost>'),
  NODE_ENV: z.string().optional(),
});

export interface ApiConfig {
  port: number;
  host: string;
  sessionSecret: string;
  sessionTtlSeconds: number;
  maxBodyBytes: number;
  /** Addresses and CIDR ranges of proxies trusted to report the client's address (X-Forwarded-For). */
  trustedProxies: string[];
  /** Origins whose pages may call the API with credentials (CORS); no other origin gets CORS headers. */
  corsOrigins: string[];
  /** scrypt parameters for new password hashes; unset: @cape/auth's default (OWASP strength). */
  passwordCost?: PasswordCost;
  /** Keys for ACH account numbers at rest; null: the API refuses bank details (ACH_ENCRYPTION_KEYS unset). */
  achKeyRing?: AchKeyRing | null;
  /** Where the portal is, for invitation links. */
  portalUrl?: string;
  /** The SMTP server for invitation e-mails; null: e-mail is off (links are shown to the admin only). */
  mail?: MailConfig | null;
}

export function loadApiConfig(environment: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = ApiEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid API configuration: ${problems}`);
  }
  const keys = parsed.data.ACH_ENCRYPTION_KEYS;
  if (!keys && parsed.data.NODE_ENV === 'production') {
    throw new Error('Invalid API configuration: ACH_ENCRYPTION_KEYS is required in production.');
  }
  return {
    port: parsed.data.API_PORT,
    host: parsed.data.API_HOST,
    sessionSecret: parsed.data.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionTtlSeconds: Math.round(parsed.data.SESSION_TTL_HOURS * 3600),
    maxBodyBytes: parsed.data.API_MAX_BODY_BYTES,
    trustedProxies: parsed.data.TRUSTED_PROXIES,
    corsOrigins: parsed.data.CORS_ORIGINS,
    achKeyRing: keys ? parseAchKeyRing(keys) : null,
    portalUrl: parsed.data.PORTAL_URL ?? `http://127.0.0.1:${parsed.data.WEB_PORT}`,
    mail: parsed.data.SMTP_URL ? { smtpUrl: parsed.data.SMTP_URL, from: parsed.data.MAIL_FROM } : null,
  };
}
