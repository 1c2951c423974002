/**
 * @cape/testkit: seed factories for integration tests, a deterministic synthetic data generator with a COPY
 * bulk loader (`pnpm gen:data`), and the platform's demo seed.
 */
export {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  type DemoLogin,
  type SeedDemoResult,
  seedDemoData,
} from './demo/seed-demo.ts';
export {
  type Chapter99Spec,
  type CreatedEntrySummary,
  createEntrySummary,
  type EntryLineSpec,
  type EntrySummaryOverrides,
} from './factories/entry-summaries.ts';
export {
  type BrokerOverrides,
  type CreatedBroker,
  type CreatedUser,
  createBrokerWithFilerCode,
  createOrganization,
  createUser,
  DEFAULT_TEST_PASSWORD,
  type OrganizationOverrides,
  TEST_PASSWORD_COST,
  type UserOverrides,
} from './factories/organizations.ts';
export {
  type AchEnrollmentOverrides,
  type CreatedParty,
  createAchEnrollment,
  createDebt,
  createForm4811Designation,
  createImporterParty,
  createNotifyParty,
  type DebtOverrides,
  dateOnly,
  type Form4811Overrides,
  type ImporterPartyOverrides,
  type PartyOverrides,
} from './factories/parties.ts';
export { nextSequence } from './factories/sequence.ts';
export type { GeneratedEntry, GeneratedLine } from './generator/entries.ts';
export { entryNumberFor, randomRoutingNumber } from './generator/identifiers.ts';
export { Prng } from './generator/prng.ts';
export {
  DEFAULT_REFERENCE_DATE,
  DEFAULT_SEED,
  generateSyntheticData,
  RESERVED_FILER_CODES,
  type SyntheticData,
  type SyntheticDataOptions,
} from './generator/synthetic-data.ts';
export { dutyFor, type GeneratedTariff, rateText } from './generator/tariffs.ts';
export type { World } from './generator/world.ts';
export {
  type ConstraintStrategy,
  type LoadProgress,
  type LoadReport,
  type LoadSyntheticDataOptions,
  loadSyntheticData,
} from './loader/load-synthetic-data.ts';
