import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineStorageContract } from "./contract.js";
import { openDatabase } from "./db.js";
import { MIGRATIONS, migrate } from "./migrations.js";
import { Repositories } from "./repositories.js";
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from "./test-postgres.js";
import type { Database } from "./types.js";

// ---------------------------------------------------------------- PGlite

defineStorageContract("pglite (in memory)", async () => {
  const db = await openDatabase({ dataDir: ":memory:" });
  return { db, cleanup: () => db.close() };
});

describe("pglite specifics", () => {
  it("never interleaves concurrent transactions, nor lets a plain query into an open one", async () => {
    const db = await openDatabase({ dataDir: ":memory:" });
    try {
      const events: string[] = [];
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const t1 = db.transaction(async (tx) => {
        events.push("t1 begin");
        await tx.query("SELECT 1");
        await gate;
        await tx.query("SELECT 2");
        events.push("t1 end");
      });
      const t2 = db.transaction(async (tx) => {
        events.push("t2 begin");
        await tx.query("SELECT 3");
        events.push("t2 end");
      });
      const plain = db.query("SELECT 4").then(() => events.push("plain"));
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); // let t2/plain try to run
      open();
      await Promise.all([t1, t2, plain]);
      expect(events.slice(0, 2)).toEqual(["t1 begin", "t1 end"]);
      expect(events).toHaveLength(5);
    } finally {
      await db.close();
    }
  });

  it("persists on disk under <dataDir>/pglite and reopens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atlasgate-pglite-"));
    try {
      const first = await openDatabase({ dataDir: dir });
      expect(await migrate(first)).toEqual(MIGRATIONS.map((m) => m.version));
      const team = await new Repositories(first, randomBytes(32)).teams.create("persisted");
      await first.close();
      expect(existsSync(join(dir, "pglite"))).toBe(true);

      const second = await openDatabase({ dataDir: dir });
      expect(await migrate(second)).toEqual([]);
      expect(await new Repositories(second, randomBytes(32)).teams.get(team.id)).toEqual(team);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to open without a url or a dataDir", async () => {
    await expect(openDatabase({})).rejects.toThrow(/url or a dataDir/);
  });
});

// ---------------------------------------------------------------- Postgres

const unavailable = await postgresUnavailableReason();
if (unavailable && process.env.CI === "true") {
  describe("postgres", () => {
    it("is reachable (required when CI=true)", () => {
      throw new Error(unavailable);
    });
  });
} else if (unavailable) {
  console.warn(`[storage.test] skipping the Postgres storage tests: ${unavailable}`);
  describe.skip(`postgres (skipped: ${unavailable})`, () => {
    it("needs Postgres", () => {});
  });
} else {
  defineStorageContract("postgres", async () => {
    const testDb = await createTestDatabase();
    const db = await openDatabase({ url: testDb.url });
    return {
      db,
      cleanup: async () => {
        await db.close();
        await testDb.drop();
      },
    };
  });

  describe("postgres specifics", () => {
    let testDb: TestDatabase;
    const dbs: Database[] = [];
    const open = async () => {
      const db = await openDatabase({ url: testDb.url, poolSize: 4 });
      dbs.push(db);
      return db;
    };

    beforeAll(async () => {
      testDb = await createTestDatabase();
    });
    afterAll(async () => {
      for (const db of dbs) await db.close();
      await testDb?.drop();
    });

    it("two nodes migrating at once both succeed and apply each migration once", async () => {
      const [a, b] = [await open(), await open()];
      const results = await Promise.all([migrate(a), migrate(b)]);
      const all = MIGRATIONS.map((m) => m.version);
      expect(results.map((r) => r.length).sort()).toEqual([0, all.length]);
      expect(results.flat()).toEqual(all);
      const { rows } = await a.query("SELECT version FROM schema_migrations");
      expect(rows).toHaveLength(all.length);
    });

    it("the refresh lock makes a second refresh wait, then re-read the new version", async () => {
      const [a, b] = [await open(), await open()];
      await migrate(a);
      const key = randomBytes(32);
      const repoA = new Repositories(a, key);
      const repoB = new Repositories(b, key);
      const team = await repoA.teams.create("lock");
      const acc = await repoA.accounts.create(
        team.id,
        { name: "o", authType: "oauth", siteUrl: "https://x", cloudId: "c", deployment: "cloud" },
        { type: "oauth", accessToken: "a1", refreshToken: "r1", expiresAt: 1, scope: "s" },
      );

      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstHasLock!: () => void;
      const firstLocked = new Promise<void>((resolve) => {
        firstHasLock = resolve;
      });
      let secondPastLock = false;

      const first = repoA.transaction(async (tx, r) => {
        await r.accounts.lockForRefresh(tx, acc.id);
        firstHasLock();
        const current = await r.accounts.get(team.id, acc.id);
        await gate; // hold the lock until the second transaction is seen waiting
        const tokens = { accessToken: "a2", refreshToken: "r2", expiresAt: 2, scope: "s" };
        return r.accounts.updateOAuthTokens(tx, team.id, acc.id, tokens, current!.secretVersion);
      });
      await firstLocked;
      const second = repoB.transaction(async (tx, r) => {
        await r.accounts.lockForRefresh(tx, acc.id);
        secondPastLock = true;
        const current = await r.accounts.get(team.id, acc.id);
        const secret = await r.accounts.readSecret(team.id, acc.id);
        const tokens = { accessToken: "a3", refreshToken: "r3", expiresAt: 3, scope: "s" };
        const updated = await r.accounts.updateOAuthTokens(
          tx,
          team.id,
          acc.id,
          tokens,
          current!.secretVersion,
        );
        return { sawVersion: current!.secretVersion, sawSecret: secret, updated };
      });

      // Wait (bounded by attempts, not by time) until Postgres reports the second one blocked on the lock.
      const observer = new pg.Client({ connectionString: testDb.url });
      await observer.connect();
      let waiting = 0;
      for (let i = 0; i < 400 && waiting === 0; i++) {
        const { rows } = await observer.query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        );
        waiting = rows[0].n;
        if (waiting === 0) await new Promise((r) => setTimeout(r, 10));
      }
      await observer.end();
      expect(waiting).toBe(1);
      expect(secondPastLock).toBe(false);

      release();
      const firstResult = await first;
      const secondResult = await second;
      expect(firstResult?.secretVersion).toBe(2);
      expect(secondResult.sawVersion).toBe(2);
      expect(secondResult.sawSecret).toMatchObject({ accessToken: "a2", refreshToken: "r2" });
      expect(secondResult.updated?.secretVersion).toBe(3);
      expect(await repoA.accounts.readSecret(team.id, acc.id)).toMatchObject({ accessToken: "a3" });
    });
  });
}
