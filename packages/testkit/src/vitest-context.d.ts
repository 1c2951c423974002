// For the type checker only: @cape/db's vitest global setup declares the `capeTestServer` value that
// `useTestDatabase()` reads with inject(); importing it makes that declaration part of this program.
import type {} from '@cape/db/testing/global-setup';
