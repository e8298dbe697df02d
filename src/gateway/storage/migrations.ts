/**
 * Versioned schema migrations, hand-written SQL that runs unchanged on PGlite and Postgres (see db.ts
 * for why there is no ORM). Append new entries; never edit one that has shipped.
 *
 * Conventions of the schema: ids are text (UUIDs made by the gateway, so a malformed id in a URL is
 * just "not found", never a cast error); every timestamp is `bigint` UTC epoch ms; every table that
 * holds team data has `team_id`, and child rows reference their parent through `(team_id, id)` so a
 * row can never point into another team.
 */
import type { Database } from "./types.js";

export interface Migration {
  version: number;
  name: string;
  /** May hold several statements (it runs through the simple query protocol). */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
CREATE TABLE teams (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  bigint NOT NULL
);

CREATE TABLE api_keys (
  id            text PRIMARY KEY,
  team_id       text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name          text NOT NULL,
  prefix        text NOT NULL,
  key_hash      text NOT NULL UNIQUE,          -- sha256 hex of the key; the key itself is never stored
  created_at    bigint NOT NULL,
  last_used_at  bigint,
  revoked_at    bigint
);
CREATE INDEX api_keys_team_idx ON api_keys (team_id, created_at, id);

CREATE TABLE integrated_accounts (
  id                 text PRIMARY KEY,
  team_id            text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name               text NOT NULL,
  auth_type          text NOT NULL CHECK (auth_type IN ('api_token', 'pat', 'oauth')),
  site_url           text NOT NULL,
  cloud_id           text,
  deployment         text NOT NULL CHECK (deployment IN ('cloud', 'datacenter')),
  status             text NOT NULL CHECK (status IN ('pending', 'active', 'needs_reauth')),
  secret             text,                     -- base64 iv|tag|ciphertext (AES-256-GCM); NULL while pending
  secret_key_id      text,
  secret_version     integer NOT NULL DEFAULT 1,
  token_expires_at   bigint,                   -- OAuth: plain, for the refresh scheduler
  refresh_failed_at  bigint,                   -- refresh cooldown after a failure
  refresh_error      text,
  created_at         bigint NOT NULL,
  updated_at         bigint NOT NULL,
  UNIQUE (team_id, id)
);
CREATE INDEX integrated_accounts_page_idx ON integrated_accounts (team_id, created_at, id);
CREATE INDEX integrated_accounts_refresh_idx ON integrated_accounts (token_expires_at)
  WHERE auth_type = 'oauth' AND status = 'active';

CREATE TABLE oauth_states (
  state_hash              text PRIMARY KEY,    -- sha256 hex of the state parameter
  team_id                 text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  name                    text NOT NULL,
  integrated_account_id   text,
  created_at              bigint NOT NULL,
  expires_at              bigint NOT NULL
);
CREATE INDEX oauth_states_expires_idx ON oauth_states (expires_at);

CREATE TABLE mcp_servers (
  id                      text PRIMARY KEY,
  team_id                 text NOT NULL,
  integrated_account_id   text NOT NULL,
  name                    text NOT NULL,
  token_hash              text NOT NULL UNIQUE,
  config                  jsonb NOT NULL DEFAULT '{}'::jsonb,
  expires_at              bigint,
  require_api_token_auth  boolean NOT NULL DEFAULT false,
  created_at              bigint NOT NULL,
  updated_at              bigint NOT NULL,
  FOREIGN KEY (team_id, integrated_account_id)
    REFERENCES integrated_accounts (team_id, id) ON DELETE CASCADE
);
CREATE INDEX mcp_servers_page_idx ON mcp_servers (team_id, created_at, id);
CREATE INDEX mcp_servers_expires_idx ON mcp_servers (expires_at) WHERE expires_at IS NOT NULL;

-- No foreign keys to accounts/servers: the audit trail outlives what it talks about.
CREATE TABLE audit_log (
  id                      text PRIMARY KEY,
  team_id                 text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  at                      bigint NOT NULL,
  action                  text NOT NULL,
  actor                   text,
  integrated_account_id   text,
  mcp_server_id           text,
  tool                    text,
  args_digest             text,
  upstream_status         integer,
  outcome                 text NOT NULL CHECK (outcome IN ('ok', 'error', 'denied')),
  durations               jsonb,
  detail                  jsonb
);
CREATE INDEX audit_log_team_at_idx ON audit_log (team_id, at DESC, id DESC);
`,
  },
];

/** Arbitrary constant shared by every gateway node: "atlasgate migrations". */
export const MIGRATION_LOCK_KEY = 0x61746c61;

/**
 * Applies the pending migrations in one transaction and returns the versions it applied (empty when
 * the schema is current). Several nodes may start at once: the transaction-scoped advisory lock makes
 * the others wait, and they then find nothing left to do. `CREATE TABLE IF NOT EXISTS` alone would not
 * be enough — two sessions can both pass the "not exists" check.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version     integer PRIMARY KEY,
         name        text NOT NULL,
         applied_at  bigint NOT NULL
       )`,
    );
    const done = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
    const applied = new Set(done.rows.map((r) => Number(r.version)));
    const fresh: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await tx.query(m.sql);
      await tx.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
        m.version,
        m.name,
        Date.now(),
      ]);
      fresh.push(m.version);
    }
    return fresh;
  });
}
