// `pnpm --filter @cape/core worker` (and `npm start`): one processing worker process. DATABASE_URL is the
// owner login (docs/processing.md says why the worker uses it); settings come from the environment.
import { z } from 'zod';
import { processingConfigFromEnvironment } from '../processing-cycle/config.ts';
import { DEFAULT_CYCLE_SCHEDULE, startProcessingWorker } from './processing-worker.ts';

const WorkerEnvironment = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL (the owner login) is required'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** A cron line for automatic cycles up to today, or "off". */
  PROCESSING_SCHEDULE: z.string().default(DEFAULT_CYCLE_SCHEDULE),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().positive().max(300).default(5),
  WORKER_STALE_SECONDS: z.coerce.number().positive().max(3600).default(30),
});

// Plain lines: `npm start` prefixes them with the process name.
const log = (message: string) => console.log(message);
const parsed = WorkerEnvironment.safeParse(process.env);
if (!parsed.success) {
  console.error(
    `worker: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
  );
  process.exit(2);
}
const env = parsed.data;
const worker = await startProcessingWorker({
  ownerUrl: env.DATABASE_URL,
  concurrency: env.WORKER_CONCURRENCY,
  config: processingConfigFromEnvironment(),
  schedule: env.PROCESSING_SCHEDULE === 'off' ? null : env.PROCESSING_SCHEDULE,
  heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
  staleAfterSeconds: env.WORKER_STALE_SECONDS,
  log,
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing running jobs and stopping`);
    void worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`worker: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  });
}
worker.finished.then(
  () => {
    if (!stopping) {
      console.error('worker: the job runner stopped unexpectedly');
      process.exit(1);
    }
  },
  (error: unknown) => {
    console.error(`worker: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
