import { describe, expect, it } from 'vitest';
import { tenantScopedClient, withTenant, withTenantConnection } from './tenant-transaction.ts';
import { useTestDatabase } from './testing/use-test-database.ts';
import { limitConcurrentTransactions } from './transaction-limit.ts';

const db = await useTestDatabase();
const [created] = await db.owner.$queryRaw<
  { organization_id: string; user_id: string }[]
>`with organization as (insert into organizations (id, kind, name) values (gen_random_uuid(), 'BROKER', 'Limited Brokerage') returning id),
      person as (insert into users (id, email, display_name, password_hash) values (gen_random_uuid(), 'limited@example.test', 'Limited', 'scrypt$x') returning id),
      membership as (insert into memberships (id, user_id, organization_id, role)
                     select gen_random_uuid(), person.id, organization.id, 'STAFF' from person, organization)
  select organization.id as organization_id, person.id as user_id from organization, person`;
if (!created) throw new Error('the test organization was not created');
const { organization_id: organizationId, user_id: userId } = created;
const tenant = { organizationId, organizationKind: 'BROKER' as const, userId };

/** Ten transactions of ~40 ms started at once; returns how many were open at the same time, at most. */
async function peakConcurrency(run: (work: () => Promise<void>) => Promise<void>): Promise<number> {
  let open = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 10 }, () =>
      run(async () => {
        open++;
        peak = Math.max(peak, open);
        await new Promise((resolve) => setTimeout(resolve, 40));
        open--;
      }),
    ),
  );
  return peak;
}

describe('limitConcurrentTransactions', () => {
  it('lets at most the given number of transactions run at once (the pool alone allows four)', async () => {
    const unlimited = await peakConcurrency((work) => withTenant(db.app, tenant, () => work()));
    expect(unlimited).toBe(4);
    const limited = limitConcurrentTransactions(db.app, 2);
    expect(await peakConcurrency((work) => withTenant(limited, tenant, () => work()))).toBe(2);
  });

  it('limits the per-query transactions of relation loaders too', async () => {
    const limited = limitConcurrentTransactions(db.app, 1);
    const scoped = tenantScopedClient(limited, tenant);
    const counts = await Promise.all(Array.from({ length: 4 }, () => scoped.organization.count()));
    expect(counts).toEqual([1, 1, 1, 1]);
    const inFlight = await Promise.all([
      limited.$transaction(async (tx) => {
        await tx.$executeRaw`select pg_sleep(0.1)`;
        return Date.now();
      }),
      scoped.organization.count().then(() => Date.now()),
    ]);
    // The loader's query waited for the one slot: it finished after the 100 ms transaction.
    expect(inFlight[1]).toBeGreaterThanOrEqual(inFlight[0]);
  });

  it('limits transactions on plain pooled connections (COPY work) too', async () => {
    const limited = limitConcurrentTransactions(db.app, 1);
    const finished = await Promise.all([
      withTenantConnection(limited, tenant, async (client) => {
        await client.query('select pg_sleep(0.1)');
        return Date.now();
      }),
      withTenant(limited, tenant, (tx) => tx.organization.count()).then(() => Date.now()),
    ]);
    expect(finished[1]).toBeGreaterThanOrEqual(finished[0]);
  });

  it('does not deadlock when a transaction opens another through the same client', async () => {
    const limited = limitConcurrentTransactions(db.app, 1);
    const nested = await Promise.all(
      Array.from({ length: 3 }, () =>
        withTenant(
          limited,
          tenant,
          async () => await withTenant(limited, tenant, (tx) => tx.organization.count()),
        ),
      ),
    );
    expect(nested).toEqual([1, 1, 1]);
  });

  it('refuses a limit below one', () => {
    expect(() => limitConcurrentTransactions(db.app, 0)).toThrow(RangeError);
  });
});
