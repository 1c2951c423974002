-- Sign-in attempt counters shared by every API process (rate-limiter-flexible's PostgreSQL store; the
-- application role may not create tables, so the table is made here rather than by the library at runtime).
-- Keys are hashes of an e-mail address and/or a network address, never the values themselves; the rows
-- belong to no tenant and are needed before any tenant is known, so the table has no row-level security
-- (listed with that reason in the test that requires it everywhere else).

-- CreateTable
CREATE TABLE "sign_in_throttle" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);

GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttle TO cape_app;
