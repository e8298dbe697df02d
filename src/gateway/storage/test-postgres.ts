/**
 * Test support (excluded from the build): a throwaway Postgres database per test file, so parallel
 * test files never see each other's rows. Usable by any gateway test that wants real Postgres.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The maintenance database new test databases are created from. */
export const TEST_POSTGRES_ADMIN_URL =
  process.env.ATLASGATE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Null when Postgres answers; otherwise why not (for the skip message). */
export async function postgresUnavailableReason(adminUrl = TEST_POSTGRES_ADMIN_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    return `Postgres not reachable at ${adminUrl.replace(/\/\/[^@/]*@/, "//")}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates `atlasgate_test_<random>`; `drop()` removes it even if connections are still open. */
export async function createTestDatabase(adminUrl = TEST_POSTGRES_ADMIN_URL): Promise<TestDatabase> {
  const name = `atlasgate_test_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
