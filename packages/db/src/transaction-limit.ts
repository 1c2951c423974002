// A bounded share of the connection pool for one unit of work (an API request): every transaction it opens
// (`withTenant`, `withSignedInUser`, the per-query transactions of `tenantScopedClient`) waits for one of a
// few slots, so a request whose many fields each open a transaction cannot hold every pooled connection
// while other tenants' requests time out waiting for one.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrismaClient } from './generated/prisma/client.ts';

const runningIn = new AsyncLocalStorage<TransactionSlots>();
const SLOTS = Symbol('cape.transaction-slots');

class TransactionSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A transaction opened from inside one of these slots (nested work) must not wait for the slot its own
    // caller holds: that would deadlock once every slot is taken.
    if (runningIn.getStore() === this) return await work();
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await runningIn.run(this, work);
    } finally {
      // The slot passes straight to the next waiter, so `active` never exceeds `max`.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * The same client, except that at most `maxConcurrentTransactions` of the transactions opened through it
 * run at once; the rest wait in order. Queries inside a transaction run on its connection as usual.
 */
export function limitConcurrentTransactions(
  prisma: PrismaClient,
  maxConcurrentTransactions: number,
): PrismaClient {
  if (!Number.isInteger(maxConcurrentTransactions) || maxConcurrentTransactions < 1) {
    throw new RangeError('maxConcurrentTransactions must be a positive integer.');
  }
  const slots = new TransactionSlots(maxConcurrentTransactions);
  const transaction = ((...args: Parameters<PrismaClient['$transaction']>) =>
    slots.run(() => prisma.$transaction(...args))) as PrismaClient['$transaction'];
  return new Proxy(prisma, {
    get(target, property) {
      if (property === '$transaction') return transaction;
      if (property === SLOTS) return slots;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Runs `work` in one of the client's transaction slots when it is limited (for transactions opened on a
 * plain pooled connection rather than through Prisma, such as COPY); at once otherwise.
 */
export async function inTransactionSlot<T>(prisma: PrismaClient, work: () => Promise<T>): Promise<T> {
  const slots = (prisma as unknown as { [SLOTS]?: TransactionSlots })[SLOTS];
  return slots ? await slots.run(work) : await work();
}
