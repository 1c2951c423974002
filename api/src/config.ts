import { randomBytes } from 'node:crypto';
import { z } from 'zod';

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
});

export interface ApiConfig {
  port: number;
  host: string;
  sessionSecret: string;
  sessionTtlSeconds: number;
  maxBodyBytes: number;
}

export function loadApiConfig(environment: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = ApiEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid API configuration: ${problems}`);
  }
  return {
    port: parsed.data.API_PORT,
    host: parsed.data.API_HOST,
    sessionSecret: parsed.data.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionTtlSeconds: Math.round(parsed.data.SESSION_TTL_HOURS * 3600),
    maxBodyBytes: parsed.data.API_MAX_BODY_BYTES,
  };
}
