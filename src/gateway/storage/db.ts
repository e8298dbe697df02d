/**
 * The two storage engines behind one `Database`: embedded PGlite (single process, zero setup, data on
 * disk) and a real Postgres pool (several gateway nodes). Both speak the same SQL dialect, so the
 * repositories are written once, by hand, against `Queryable` — no ORM, because the only thing an
 * ORM would abstract (the dialect) is already identical, and hand-written SQL keeps the team filter,
 * the advisory locks and the optimistic version checks visible where they matter.
 *
 * One deliberate convention shared by both engines: a query WITHOUT parameters goes through the simple
 * query protocol and may hold several statements (node-postgres does this natively; PGlite's `exec`
 * does it for us). Migrations rely on it; everything with user input uses `$1` parameters.
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Database, Queryable } from "./types.js";

export interface OpenDatabaseOptions {
  /** `postgres://…` → node-postgres pool. Wins over `dataDir`. */
  url?: string;
  /** PGlite files live in `<dataDir>/pglite` (next to `encryption.key`); `":memory:"` for tests. */
  dataDir?: string;
  /** Postgres pool size (default 10). */
  poolSize?: number;
}

type Result<T> = { rows: T[]; rowCount: number };

/** Opens the engine the options name; call `migrate(db)` next. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  if (options.dataDir) return openPglite(options.dataDir);
  throw new Error(
    "openDatabase needs a Postgres url or a dataDir (use ':memory:' for an in-memory database)",
  );
}

// ---------------------------------------------------------------- PGlite

interface PgliteResult {
  rows: unknown[];
  rowCount?: number;
  affectedRows?: number;
}
interface PgliteQueryable {
  query(sql: string, params?: unknown[]): Promise<PgliteResult>;
  exec(sql: string): Promise<PgliteResult[]>;
}

function pgliteQueryable(q: PgliteQueryable): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<Result<T>> {
      const r = params && params.length > 0 ? await q.query(sql, params) : (await q.exec(sql)).at(-1);
      const rows = (r?.rows ?? []) as T[];
      return { rows, rowCount: r?.rowCount ?? r?.affectedRows ?? rows.length };
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  let pg: InstanceType<typeof PGlite>;
  if (dataDir === ":memory:") {
    pg = new PGlite();
  } else {
    const dir = join(resolve(dataDir), "pglite");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    pg = new PGlite(dir);
  }
  await pg.waitReady;
  const plain = pgliteQueryable(pg);
  return {
    kind: "pglite",
    query: plain.query,
    /**
     * PGlite is one connection. Its own `transaction()` holds an exclusive mutex for the whole
     * callback, and every plain `query` waits on that same mutex — so concurrent transactions never
     * interleave and no outside statement can slip into an open one. Consequence: inside `fn`, use
     * `tx` only; awaiting `db.query` there would wait for itself forever.
     */
    transaction: (fn) => pg.transaction((tx) => fn(pgliteQueryable(tx))),
    close: () => pg.close(),
  };
}

// ---------------------------------------------------------------- Postgres

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: pg } = await import("pg");
  // int8 as a JS number, as PGlite does: every bigint here is a UTC-ms timestamp or a count, far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text"),
  };
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const wrap = (c: { query: (sql: string, params?: unknown[]) => Promise<unknown> }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]): Promise<Result<T>> {
      const raw = await c.query(sql, params && params.length > 0 ? params : undefined);
      const r = (Array.isArray(raw) ? raw.at(-1) : raw) as { rows?: T[]; rowCount?: number | null };
      const rows = r?.rows ?? [];
      return { rows, rowCount: r?.rowCount ?? rows.length };
    },
  });
  const plain = wrap(pool);
  return {
    kind: "postgres",
    query: plain.query,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const out = await fn(wrap(client));
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch((rollbackErr: unknown) => {
          broken = rollbackErr;
        });
        throw err;
      } finally {
        // A connection whose ROLLBACK failed is in an unknown state: destroy it instead of reusing it.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}
