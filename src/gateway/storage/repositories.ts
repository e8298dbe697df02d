/**
 * Team-scoped data access over `Database`, in hand-written SQL that runs unchanged on PGlite and
 * Postgres (one dialect, two engines — an ORM would only hide the `team_id` filters this file exists
 * to make obvious). Rules every method follows:
 * - anything that reads or writes team data takes `teamId` and puts it in the WHERE clause;
 * - the `secret` column is selected by exactly one method (`accounts.readSecret`);
 * - tokens and keys are returned in plain text once, at creation, and stored as sha256 hashes;
 * - timestamps come from `options.now` (UTC ms), so tests drive time instead of reading the clock.
 * The few lookups that are NOT team-scoped are the ones that discover the team from a credential
 * (`apiKeys.findByKey`, `mcpServers.findByToken`, `oauthStates.consume`) and the system sweeps.
 */
import { randomUUID } from "node:crypto";
import {
  API_KEY_PREFIX,
  decryptSecret,
  encryptSecret,
  hashToken,
  MCP_TOKEN_PREFIX,
  newToken,
  OAUTH_STATE_PREFIX,
} from "./crypto.js";
import type {
  AccountSecret,
  ApiKeyRecord,
  AuditFilters,
  AuditRecord,
  Database,
  IntegratedAccount,
  IntegratedAccountPatch,
  McpServerPatch,
  McpServerRecord,
  McpServerResolution,
  Millis,
  NewAuditRecord,
  NewIntegratedAccount,
  NewMcpServer,
  NewOAuthState,
  OAuthStateRecord,
  OAuthTokens,
  Page,
  PageRequest,
  Queryable,
  Team,
} from "./types.js";

/** A `cursor` that this list did not issue (or that was edited). Map it to HTTP 400. */
export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

/** A referenced row (team, integrated account) does not exist in the caller's team. Map it to 404/422. */
export class ReferenceNotFoundError extends Error {
  override name = "ReferenceNotFoundError";
}

export interface RepositoriesOptions {
  /** UTC ms; default `Date.now`. */
  now?: () => Millis;
  /** How long an account whose refresh failed is left out of `dueForRefresh` (default 5 minutes). */
  refreshCooldownMs?: number;
}

interface Ctx {
  q: Queryable;
  key: Buffer;
  now: () => Millis;
  refreshCooldownMs: number;
}

type Row = Record<string, unknown>;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** Entry point: `repos.accounts.get(teamId, id)` and so on. */
export class Repositories {
  readonly teams: TeamRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly accounts: AccountRepository;
  readonly mcpServers: McpServerRepository;
  readonly oauthStates: OAuthStateRepository;
  readonly audit: AuditRepository;

  constructor(
    readonly db: Database,
    private readonly key: Buffer,
    private readonly options: RepositoriesOptions = {},
    q: Queryable = db,
  ) {
    const ctx: Ctx = {
      q,
      key,
      now: options.now ?? Date.now,
      refreshCooldownMs: options.refreshCooldownMs ?? 5 * 60_000,
    };
    this.teams = new TeamRepository(ctx);
    this.apiKeys = new ApiKeyRepository(ctx);
    this.accounts = new AccountRepository(ctx);
    this.mcpServers = new McpServerRepository(ctx);
    this.oauthStates = new OAuthStateRepository(ctx);
    this.audit = new AuditRepository(ctx);
  }

  /**
   * Runs `fn` in one transaction; `repos` is bound to it, so its reads see the transaction's own
   * writes and locks. Do not nest, and do not use the outer repositories inside `fn` (on PGlite that
   * would wait for the transaction it is in).
   */
  transaction<T>(fn: (tx: Queryable, repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(tx, new Repositories(this.db, this.key, this.options, tx)));
  }
}

// ---------------------------------------------------------------- helpers

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Opaque cursor over (sort key, id), tagged with the list it belongs to. */
function encodeCursor(list: string, sortKey: number, id: string): string {
  return Buffer.from(JSON.stringify([list, sortKey, id]), "utf8").toString("base64url");
}

function decodeCursor(list: string, cursor: string): { sortKey: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 3 && v[0] === list && Number.isSafeInteger(v[1])) {
      if (typeof v[2] === "string") return { sortKey: v[1], id: v[2] };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError("invalid cursor");
}

/** Collects SQL parameters so conditions can be appended without counting `$n` by hand. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * One page of rows ordered by (sortCol, id): asc for listings, desc for the audit log (newest first).
 * Fetches one extra row to know whether a next page exists.
 */
async function pageQuery<T>(
  ctx: Ctx,
  spec: {
    list: string;
    table: string;
    columns: string;
    sortCol: string;
    desc?: boolean;
    where: string[];
    params: Params;
    page: PageRequest;
    map: (row: Row) => T & { id: string };
    sortKeyOf: (item: T) => number;
  },
): Promise<Page<T>> {
  const { params, page } = spec;
  const where = [...spec.where];
  const dir = spec.desc ? "DESC" : "ASC";
  if (page.cursor) {
    const c = decodeCursor(spec.list, page.cursor);
    const op = spec.desc ? "<" : ">";
    where.push(`(${spec.sortCol}, id) ${op} (${params.add(c.sortKey)}::bigint, ${params.add(c.id)}::text)`);
  }
  const limit = clampLimit(page.limit);
  const sql =
    `SELECT ${spec.columns} FROM ${spec.table} WHERE ${where.join(" AND ")} ` +
    `ORDER BY ${spec.sortCol} ${dir}, id ${dir} LIMIT ${params.add(limit + 1)}`;
  const { rows } = await ctx.q.query<Row>(sql, params.values);
  const items = rows.slice(0, limit).map(spec.map);
  const last = items.at(-1);
  const next_cursor =
    rows.length > limit && last ? encodeCursor(spec.list, spec.sortKeyOf(last), last.id) : null;
  return { result: items, next_cursor };
}

function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: unknown })?.code === "23503";
}

/** `s.id AS s_id, …`: lets one join return several entities without column-name clashes. */
function aliased(alias: string, columns: readonly string[]): string {
  return columns.map((c) => `${alias}.${c} AS ${alias}_${c}`).join(", ");
}

function unalias(row: Row, alias: string): Row {
  const out: Row = {};
  const prefix = `${alias}_`;
  for (const [k, v] of Object.entries(row)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

// ---------------------------------------------------------------- teams

const TEAM_COLUMNS = ["id", "name", "created_at"] as const;

function toTeam(r: Row): Team {
  return { id: String(r.id), name: String(r.name), createdAt: num(r.created_at) };
}

export class TeamRepository {
  constructor(private readonly ctx: Ctx) {}

  async create(name: string): Promise<Team> {
    const { rows } = await this.ctx.q.query<Row>(
      `INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3) RETURNING ${TEAM_COLUMNS.join(", ")}`,
      [randomUUID(), name, this.ctx.now()],
    );
    return toTeam(rows[0]);
  }

  async get(teamId: string): Promise<Team | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${TEAM_COLUMNS.join(", ")} FROM teams WHERE id = $1`,
      [teamId],
    );
    return rows[0] ? toTeam(rows[0]) : null;
  }

  /** For the operator (ATLASGATE_ADMIN_KEY), not for team API keys. */
  async list(): Promise<Team[]> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${TEAM_COLUMNS.join(", ")} FROM teams ORDER BY created_at, id`,
    );
    return rows.map(toTeam);
  }
}

// ---------------------------------------------------------------- API keys

const API_KEY_COLUMNS = [
  "id",
  "team_id",
  "name",
  "prefix",
  "created_at",
  "last_used_at",
  "revoked_at",
] as const;
const API_KEY_SELECT = API_KEY_COLUMNS.join(", ");

function toApiKey(r: Row): ApiKeyRecord {
  return {
    id: String(r.id),
    teamId: String(r.team_id),
    name: String(r.name),
    prefix: String(r.prefix),
    createdAt: num(r.created_at),
    lastUsedAt: numOrNull(r.last_used_at),
    revokedAt: numOrNull(r.revoked_at),
  };
}

export class ApiKeyRepository {
  constructor(private readonly ctx: Ctx) {}

  /** The plaintext `key` exists only in this return value. */
  async create(teamId: string, name: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = newToken(API_KEY_PREFIX);
    try {
      const { rows } = await this.ctx.q.query<Row>(
        `INSERT INTO api_keys (id, team_id, name, prefix, key_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${API_KEY_SELECT}`,
        [randomUUID(), teamId, name, key.slice(0, API_KEY_PREFIX.length + 8), hashToken(key), this.ctx.now()],
      );
      return { key, record: toApiKey(rows[0]) };
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ReferenceNotFoundError("team not found");
      throw err;
    }
  }

  /** Authentication: which team a presented key belongs to. Revoked keys are not found. */
  async findByKey(plaintext: string): Promise<{ team: Team; key: ApiKeyRecord } | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${aliased("k", API_KEY_COLUMNS)}, ${aliased("t", TEAM_COLUMNS)}
       FROM api_keys k JOIN teams t ON t.id = k.team_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashToken(plaintext)],
    );
    const r = rows[0];
    return r ? { team: toTeam(unalias(r, "t")), key: toApiKey(unalias(r, "k")) } : null;
  }

  async list(teamId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${API_KEY_SELECT} FROM api_keys WHERE team_id = $1 ORDER BY created_at, id`,
      [teamId],
    );
    return rows.map(toApiKey);
  }

  async get(teamId: string, id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${API_KEY_SELECT} FROM api_keys WHERE team_id = $1 AND id = $2`,
      [teamId, id],
    );
    return rows[0] ? toApiKey(rows[0]) : null;
  }

  /** Idempotent: revoking twice keeps the first `revokedAt`. Null when the key is not in this team. */
  async revoke(teamId: string, id: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3)
       WHERE team_id = $1 AND id = $2 RETURNING ${API_KEY_SELECT}`,
      [teamId, id, this.ctx.now()],
    );
    return rows[0] ? toApiKey(rows[0]) : null;
  }

  async touch(teamId: string, id: string, at: Millis = this.ctx.now()): Promise<boolean> {
    const r = await this.ctx.q.query("UPDATE api_keys SET last_used_at = $3 WHERE team_id = $1 AND id = $2", [
      teamId,
      id,
      at,
    ]);
    return r.rowCount > 0;
  }
}

// ---------------------------------------------------------------- integrated accounts

const ACCOUNT_COLUMNS = [
  "id",
  "team_id",
  "name",
  "auth_type",
  "site_url",
  "cloud_id",
  "deployment",
  "status",
  "token_expires_at",
  "secret_version",
  "created_at",
  "updated_at",
] as const;
const ACCOUNT_SELECT = ACCOUNT_COLUMNS.join(", ");

function toAccount(r: Row): IntegratedAccount {
  return {
    id: String(r.id),
    teamId: String(r.team_id),
    name: String(r.name),
    authType: r.auth_type as IntegratedAccount["authType"],
    siteUrl: String(r.site_url),
    cloudId: strOrNull(r.cloud_id),
    deployment: r.deployment as IntegratedAccount["deployment"],
    status: r.status as IntegratedAccount["status"],
    tokenExpiresAt: numOrNull(r.token_expires_at),
    secretVersion: num(r.secret_version),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

/** The row id is bound into the ciphertext (GCM additional data): a blob moved to another row fails. */
const secretContext = (accountId: string) => `integrated_account:${accountId}`;

export class AccountRepository {
  constructor(private readonly ctx: Ctx) {}

  /** `secret` null = an OAuth account whose connect flow has not finished (status `pending`). */
  async create(
    teamId: string,
    input: NewIntegratedAccount,
    secret: AccountSecret | null,
  ): Promise<IntegratedAccount> {
    if (secret && secret.type !== input.authType) {
      throw new TypeError(`secret of type ${secret.type} given for a ${input.authType} account`);
    }
    const id = randomUUID();
    const enc = secret ? encryptSecret(this.ctx.key, JSON.stringify(secret), secretContext(id)) : null;
    const t = this.ctx.now();
    try {
      const { rows } = await this.ctx.q.query<Row>(
        `INSERT INTO integrated_accounts (id, team_id, name, auth_type, site_url, cloud_id, deployment, status,
           secret, secret_key_id, token_expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING ${ACCOUNT_SELECT}`,
        [
          id,
          teamId,
          input.name,
          input.authType,
          input.siteUrl,
          input.cloudId ?? null,
          input.deployment,
          input.status ?? (secret ? "active" : "pending"),
          enc?.ciphertext ?? null,
          enc?.keyId ?? null,
          secret?.type === "oauth" ? secret.expiresAt : null,
          t,
        ],
      );
      return toAccount(rows[0]);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ReferenceNotFoundError("team not found");
      throw err;
    }
  }

  async get(teamId: string, id: string): Promise<IntegratedAccount | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${ACCOUNT_SELECT} FROM integrated_accounts WHERE team_id = $1 AND id = $2`,
      [teamId, id],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Oldest first. */
  list(teamId: string, page: PageRequest = {}): Promise<Page<IntegratedAccount>> {
    const params = new Params();
    return pageQuery(this.ctx, {
      list: "accounts",
      table: "integrated_accounts",
      columns: ACCOUNT_SELECT,
      sortCol: "created_at",
      where: [`team_id = ${params.add(teamId)}`],
      params,
      page,
      map: toAccount,
      sortKeyOf: (a) => a.createdAt,
    });
  }

  /** Its MCP servers go with it (foreign key ON DELETE CASCADE); its audit records stay. */
  async delete(teamId: string, id: string): Promise<boolean> {
    const r = await this.ctx.q.query("DELETE FROM integrated_accounts WHERE team_id = $1 AND id = $2", [
      teamId,
      id,
    ]);
    return r.rowCount > 0;
  }

  /** PATCH: absent fields are kept. Null when the account is not in this team. */
  async update(teamId: string, id: string, patch: IntegratedAccountPatch): Promise<IntegratedAccount | null> {
    const params = new Params();
    const sets = [`updated_at = ${params.add(this.ctx.now())}`];
    if (patch.name !== undefined) sets.push(`name = ${params.add(patch.name)}`);
    if (patch.siteUrl !== undefined) sets.push(`site_url = ${params.add(patch.siteUrl)}`);
    if (patch.cloudId !== undefined) sets.push(`cloud_id = ${params.add(patch.cloudId)}`);
    if (patch.status !== undefined) sets.push(`status = ${params.add(patch.status)}`);
    const { rows } = await this.ctx.q.query<Row>(
      `UPDATE integrated_accounts SET ${sets.join(", ")}
       WHERE team_id = ${params.add(teamId)} AND id = ${params.add(id)} RETURNING ${ACCOUNT_SELECT}`,
      params.values,
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  setStatus(
    teamId: string,
    id: string,
    status: IntegratedAccount["status"],
  ): Promise<IntegratedAccount | null> {
    return this.update(teamId, id, { status });
  }

  /** The only way to get a credential out. Null when not in this team or still pending. */
  async readSecret(teamId: string, id: string): Promise<AccountSecret | null> {
    const { rows } = await this.ctx.q.query<{ secret: string | null; secret_key_id: string | null }>(
      "SELECT secret, secret_key_id FROM integrated_accounts WHERE team_id = $1 AND id = $2",
      [teamId, id],
    );
    const r = rows[0];
    if (!r?.secret || !r.secret_key_id) return null;
    const json = decryptSecret(
      this.ctx.key,
      { ciphertext: r.secret, keyId: r.secret_key_id },
      secretContext(id),
    );
    return JSON.parse(json) as AccountSecret;
  }

  /**
   * Replaces the credential (e.g. a rotated API token). The secret's type must match the account's
   * auth type. Bumps `secretVersion`. Null when not found (or the type does not match).
   */
  replaceSecret(
    teamId: string,
    id: string,
    secret: AccountSecret,
    q: Queryable = this.ctx.q,
  ): Promise<IntegratedAccount | null> {
    return this.writeSecret(q, teamId, id, secret, null);
  }

  /**
   * Stores a refreshed (or first) OAuth token pair — only if `secretVersion` is still
   * `expectedVersion`, so a refresh computed from stale tokens cannot overwrite a newer one. Clears
   * the refresh cooldown. Null = refused (stale version, not found, or not an OAuth account).
   * Takes `tx` so it commits together with `lockForRefresh` and the re-read that preceded it.
   */
  updateOAuthTokens(
    tx: Queryable,
    teamId: string,
    id: string,
    tokens: OAuthTokens,
    expectedVersion: number,
  ): Promise<IntegratedAccount | null> {
    const { accessToken, refreshToken, expiresAt, scope } = tokens; // nothing else from a token response
    const secret: AccountSecret = { type: "oauth", accessToken, refreshToken, expiresAt, scope };
    return this.writeSecret(tx, teamId, id, secret, expectedVersion);
  }

  private async writeSecret(
    q: Queryable,
    teamId: string,
    id: string,
    secret: AccountSecret,
    expectedVersion: number | null,
  ): Promise<IntegratedAccount | null> {
    const enc = encryptSecret(this.ctx.key, JSON.stringify(secret), secretContext(id));
    const params = new Params();
    const sql = `UPDATE integrated_accounts SET
        secret = ${params.add(enc.ciphertext)}, secret_key_id = ${params.add(enc.keyId)},
        secret_version = secret_version + 1,
        token_expires_at = ${params.add(secret.type === "oauth" ? secret.expiresAt : null)}::bigint,
        refresh_failed_at = NULL, refresh_error = NULL, updated_at = ${params.add(this.ctx.now())}
      WHERE team_id = ${params.add(teamId)} AND id = ${params.add(id)} AND auth_type = ${params.add(secret.type)}
        ${expectedVersion === null ? "" : `AND secret_version = ${params.add(expectedVersion)}`}
      RETURNING ${ACCOUNT_SELECT}`;
    const { rows } = await q.query<Row>(sql, params.values);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /**
   * Serializes refreshes of one account across every gateway node until `tx` ends. After taking it,
   * re-read the account through the transaction: another node may have refreshed meanwhile.
   */
  async lockForRefresh(tx: Queryable, accountId: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('refresh:' || $1::text))", [accountId]);
  }

  /** Starts the cooldown during which `dueForRefresh` skips the account. Keep `error` free of secrets. */
  async markRefreshFailed(teamId: string, id: string, error: string): Promise<boolean> {
    const r = await this.ctx.q.query(
      `UPDATE integrated_accounts SET refresh_failed_at = $3, refresh_error = $4
       WHERE team_id = $1 AND id = $2`,
      [teamId, id, this.ctx.now(), error.slice(0, 500)],
    );
    return r.rowCount > 0;
  }

  /**
   * For the refresh scheduler (all teams): active OAuth accounts whose token expires before
   * `beforeMs` and that are not cooling down after a failed refresh. Soonest first.
   */
  async dueForRefresh(beforeMs: Millis, limit = 100): Promise<IntegratedAccount[]> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${ACCOUNT_SELECT} FROM integrated_accounts
       WHERE auth_type = 'oauth' AND status = 'active' AND token_expires_at < $1
         AND (refresh_failed_at IS NULL OR refresh_failed_at <= $2)
       ORDER BY token_expires_at, id LIMIT $3`,
      [beforeMs, this.ctx.now() - this.ctx.refreshCooldownMs, limit],
    );
    return rows.map(toAccount);
  }
}

// ---------------------------------------------------------------- MCP servers

const SERVER_COLUMNS = [
  "id",
  "team_id",
  "integrated_account_id",
  "name",
  "config",
  "expires_at",
  "require_api_token_auth",
  "created_at",
  "updated_at",
] as const;
const SERVER_SELECT = SERVER_COLUMNS.join(", ");

function toServer(r: Row): McpServerRecord {
  const config = typeof r.config === "string" ? JSON.parse(r.config) : r.config;
  return {
    id: String(r.id),
    teamId: String(r.team_id),
    integratedAccountId: String(r.integrated_account_id),
    name: String(r.name),
    config: (config ?? {}) as McpServerRecord["config"],
    expiresAt: numOrNull(r.expires_at),
    requireApiTokenAuth: r.require_api_token_auth === true,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export class McpServerRepository {
  constructor(private readonly ctx: Ctx) {}

  /**
   * The plaintext `token` exists only in this return value. Throws `ReferenceNotFoundError` when the
   * account is not in this team (the (team_id, account) foreign key enforces it).
   */
  async create(teamId: string, input: NewMcpServer): Promise<{ token: string; record: McpServerRecord }> {
    const token = newToken(MCP_TOKEN_PREFIX);
    const t = this.ctx.now();
    try {
      const { rows } = await this.ctx.q.query<Row>(
        `INSERT INTO mcp_servers (id, team_id, integrated_account_id, name, token_hash, config, expires_at,
           require_api_token_auth, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $9) RETURNING ${SERVER_SELECT}`,
        [
          randomUUID(),
          teamId,
          input.integratedAccountId,
          input.name,
          hashToken(token),
          JSON.stringify(input.config ?? {}),
          input.expiresAt ?? null,
          input.requireApiTokenAuth ?? false,
          t,
        ],
      );
      return { token, record: toServer(rows[0]) };
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ReferenceNotFoundError("integrated account not found");
      throw err;
    }
  }

  /** Resolves an MCP request's token in one query. Expired servers are not found. */
  async findByToken(plaintext: string): Promise<McpServerResolution | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${aliased("s", SERVER_COLUMNS)}, ${aliased("a", ACCOUNT_COLUMNS)}, ${aliased("t", TEAM_COLUMNS)}
       FROM mcp_servers s
       JOIN integrated_accounts a ON a.team_id = s.team_id AND a.id = s.integrated_account_id
       JOIN teams t ON t.id = s.team_id
       WHERE s.token_hash = $1 AND (s.expires_at IS NULL OR s.expires_at > $2)`,
      [hashToken(plaintext), this.ctx.now()],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      server: toServer(unalias(r, "s")),
      account: toAccount(unalias(r, "a")),
      team: toTeam(unalias(r, "t")),
    };
  }

  async get(teamId: string, id: string): Promise<McpServerRecord | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `SELECT ${SERVER_SELECT} FROM mcp_servers WHERE team_id = $1 AND id = $2`,
      [teamId, id],
    );
    return rows[0] ? toServer(rows[0]) : null;
  }

  /** Oldest first; optionally only one account's servers. Expired-but-not-yet-swept ones are included. */
  list(
    teamId: string,
    page: PageRequest & { integratedAccountId?: string } = {},
  ): Promise<Page<McpServerRecord>> {
    const params = new Params();
    const where = [`team_id = ${params.add(teamId)}`];
    if (page.integratedAccountId !== undefined) {
      where.push(`integrated_account_id = ${params.add(page.integratedAccountId)}`);
    }
    return pageQuery(this.ctx, {
      list: "mcp_servers",
      table: "mcp_servers",
      columns: SERVER_SELECT,
      sortCol: "created_at",
      where,
      params,
      page,
      map: toServer,
      sortKeyOf: (s) => s.createdAt,
    });
  }

  /**
   * PATCH: absent fields are kept, `config` is replaced whole, `expiresAt: null` clears the expiry.
   * Null when the server is not in this team; `ReferenceNotFoundError` when a new account is not.
   */
  async update(teamId: string, id: string, patch: McpServerPatch): Promise<McpServerRecord | null> {
    const params = new Params();
    const sets = [`updated_at = ${params.add(this.ctx.now())}`];
    if (patch.name !== undefined) sets.push(`name = ${params.add(patch.name)}`);
    if (patch.integratedAccountId !== undefined) {
      sets.push(`integrated_account_id = ${params.add(patch.integratedAccountId)}`);
    }
    if (patch.config !== undefined) sets.push(`config = ${params.add(JSON.stringify(patch.config))}::jsonb`);
    if (patch.expiresAt !== undefined) sets.push(`expires_at = ${params.add(patch.expiresAt)}::bigint`);
    if (patch.requireApiTokenAuth !== undefined) {
      sets.push(`require_api_token_auth = ${params.add(patch.requireApiTokenAuth)}`);
    }
    try {
      const { rows } = await this.ctx.q.query<Row>(
        `UPDATE mcp_servers SET ${sets.join(", ")}
         WHERE team_id = ${params.add(teamId)} AND id = ${params.add(id)} RETURNING ${SERVER_SELECT}`,
        params.values,
      );
      return rows[0] ? toServer(rows[0]) : null;
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ReferenceNotFoundError("integrated account not found");
      throw err;
    }
  }

  async delete(teamId: string, id: string): Promise<boolean> {
    const r = await this.ctx.q.query("DELETE FROM mcp_servers WHERE team_id = $1 AND id = $2", [teamId, id]);
    return r.rowCount > 0;
  }

  /** System sweep (all teams): removes servers whose expiry has passed. Returns how many. */
  async deleteExpired(now: Millis = this.ctx.now()): Promise<number> {
    const r = await this.ctx.q.query(
      "DELETE FROM mcp_servers WHERE expires_at IS NOT NULL AND expires_at <= $1",
      [now],
    );
    return r.rowCount;
  }
}

// ---------------------------------------------------------------- OAuth states

const STATE_COLUMNS = "team_id, name, integrated_account_id, created_at, expires_at";

function toState(r: Row): OAuthStateRecord {
  return {
    teamId: String(r.team_id),
    name: String(r.name),
    integratedAccountId: strOrNull(r.integrated_account_id),
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at),
  };
}

export class OAuthStateRepository {
  constructor(private readonly ctx: Ctx) {}

  /** The plaintext `state` (for the authorize URL) exists only in this return value. */
  async create(teamId: string, input: NewOAuthState): Promise<{ state: string; record: OAuthStateRecord }> {
    const state = newToken(OAUTH_STATE_PREFIX);
    const t = this.ctx.now();
    try {
      const { rows } = await this.ctx.q.query<Row>(
        `INSERT INTO oauth_states (state_hash, team_id, name, integrated_account_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${STATE_COLUMNS}`,
        [
          hashToken(state),
          teamId,
          input.name,
          input.integratedAccountId ?? null,
          t,
          t + (input.ttlMs ?? 600_000),
        ],
      );
      return { state, record: toState(rows[0]) };
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ReferenceNotFoundError("team not found");
      throw err;
    }
  }

  /** One use only: the row is deleted by the same statement that reads it. Null if unknown or expired. */
  async consume(state: string): Promise<OAuthStateRecord | null> {
    const { rows } = await this.ctx.q.query<Row>(
      `DELETE FROM oauth_states WHERE state_hash = $1 RETURNING ${STATE_COLUMNS}`,
      [hashToken(state)],
    );
    const rec = rows[0] ? toState(rows[0]) : null;
    return rec && rec.expiresAt > this.ctx.now() ? rec : null;
  }

  async deleteExpired(now: Millis = this.ctx.now()): Promise<number> {
    const r = await this.ctx.q.query("DELETE FROM oauth_states WHERE expires_at <= $1", [now]);
    return r.rowCount;
  }
}

// ---------------------------------------------------------------- audit

const AUDIT_COLUMNS =
  "id, team_id, at, action, actor, integrated_account_id, mcp_server_id, tool, args_digest, upstream_status, " +
  "outcome, durations, detail";

const jsonOrNull = (v: unknown) =>
  v === null || v === undefined ? null : typeof v === "string" ? JSON.parse(v) : v;

function toAudit(r: Row): AuditRecord {
  return {
    id: String(r.id),
    teamId: String(r.team_id),
    at: num(r.at),
    action: String(r.action),
    actor: strOrNull(r.actor),
    integratedAccountId: strOrNull(r.integrated_account_id),
    mcpServerId: strOrNull(r.mcp_server_id),
    tool: strOrNull(r.tool),
    argsDigest: strOrNull(r.args_digest),
    upstreamStatus: numOrNull(r.upstream_status),
    outcome: r.outcome as AuditRecord["outcome"],
    durations: jsonOrNull(r.durations),
    detail: jsonOrNull(r.detail),
  };
}

export class AuditRepository {
  constructor(private readonly ctx: Ctx) {}

  async append(rec: NewAuditRecord): Promise<AuditRecord> {
    try {
      const { rows } = await this.ctx.q.query<Row>(
        `INSERT INTO audit_log (${AUDIT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb) RETURNING ${AUDIT_COLUMNS}`,
        [
          randomUUID(),
          rec.teamId,
          rec.at ?? this.ctx.now(),
          rec.action,
          rec.actor ?? null,
          rec.integratedAccountId ?? null,
          rec.mcpServerId ?? null,
          rec.tool ?? null,
          rec.argsDigest ?? null,
          rec.upstreamStatus ?? null,
          rec.outcome,
          rec.durations ? JSON.stringify(rec.durations) : null,
          rec.detail ? JSON.stringify(rec.detail) : null,
        ],
      );
      return toAudit(rows[0]);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new ReferenceNotFoundError("team not found");
      throw err;
    }
  }

  /**
   * Newest first. `from` is inclusive, `to` exclusive. Every filter is part of the WHERE clause, so
   * the limit and the cursor count matching rows only: a page is never short while more match.
   */
  list(teamId: string, filters: AuditFilters = {}): Promise<Page<AuditRecord>> {
    const params = new Params();
    const where = [`team_id = ${params.add(teamId)}`];
    if (filters.action !== undefined) where.push(`action = ${params.add(filters.action)}`);
    if (filters.tool !== undefined) where.push(`tool = ${params.add(filters.tool)}`);
    if (filters.mcpServerId !== undefined) where.push(`mcp_server_id = ${params.add(filters.mcpServerId)}`);
    if (filters.integratedAccountId !== undefined) {
      where.push(`integrated_account_id = ${params.add(filters.integratedAccountId)}`);
    }
    if (filters.outcome !== undefined) where.push(`outcome = ${params.add(filters.outcome)}`);
    if (filters.from !== undefined) where.push(`at >= ${params.add(filters.from)}::bigint`);
    if (filters.to !== undefined) where.push(`at < ${params.add(filters.to)}::bigint`);
    return pageQuery(this.ctx, {
      list: "audit",
      table: "audit_log",
      columns: AUDIT_COLUMNS,
      sortCol: "at",
      desc: true,
      where,
      params,
      page: filters,
      map: toAudit,
      sortKeyOf: (a) => a.at,
    });
  }
}
