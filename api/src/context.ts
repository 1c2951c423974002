import type { PrismaClient } from '@cape/db';
import type { ApiConfig } from './config.ts';
import type { SignInThrottle } from './services/sign-in-throttle.ts';
import type { Viewer } from './viewer.ts';

export interface ApiContext {
  /** The application-role client (row-level security applies). Services open tenant transactions on it. */
  prisma: PrismaClient;
  viewer: Viewer | null;
  config: ApiConfig;
  signInThrottle: SignInThrottle;
  /** The caller's network address (the socket's, never a client-supplied header). */
  clientAddress: string | null;
}
