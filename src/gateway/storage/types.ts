/**
 * The gateway's storage contract. Two implementations (embedded PGlite, real Postgres) run the same
 * SQL through `Database`; repositories never know which one they have. Every row belongs to a team,
 * and every repository method takes the team id: cross-team access is impossible by construction.
 * Secrets are stored only as ciphertext (`EncryptedSecret`, AES-256-GCM) or as hashes (tokens, keys).
 */

/** Minimal SQL surface both PGlite and node-postgres provide. */
export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; rowCount: number }>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction (BEGIN/COMMIT, ROLLBACK on throw) on one connection. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type Millis = number;

export interface Team {
  id: string;
  name: string;
  createdAt: Millis;
}

export interface ApiKeyRecord {
  id: string;
  teamId: string;
  name: string;
  /** First characters of the key, shown in listings so people can tell keys apart. */
  prefix: string;
  createdAt: Millis;
  lastUsedAt: Millis | null;
  revokedAt: Millis | null;
}

/** What an integrated account holds, encrypted as one JSON blob. Never returned by the API. */
export type AccountSecret =
  | { type: "api_token"; email: string; apiToken: string }
  | { type: "pat"; token: string }
  | { type: "oauth"; accessToken: string; refreshToken: string; expiresAt: Millis; scope: string };

export interface IntegratedAccount {
  id: string;
  teamId: string;
  name: string;
  authType: "api_token" | "pat" | "oauth";
  /** Site URL (API token / PAT) or the OAuth site URL from accessible-resources. */
  siteUrl: string;
  cloudId: string | null;
  deployment: "cloud" | "datacenter";
  status: "pending" | "active" | "needs_reauth";
  /** OAuth only: when the access token expires (plain, so the refresh scheduler can query it). */
  tokenExpiresAt: Millis | null;
  /** Optimistic version, bumped on every secret change (token rotation). */
  secretVersion: number;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface McpServerConfig {
  methods?: string[];
  tags?: string[];
  tools?: string[];
  tool_exposure?: "all" | "discovery";
}

export interface McpServerRecord {
  id: string;
  teamId: string;
  integratedAccountId: string;
  name: string;
  config: McpServerConfig;
  expiresAt: Millis | null;
  requireApiTokenAuth: boolean;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface AuditRecord {
  id: string;
  teamId: string;
  at: Millis;
  /** `tool_call` or an admin action such as `integrated_account.create`. */
  action: string;
  actor: string | null; // api key id, or `mcp:<server id>`
  integratedAccountId: string | null;
  mcpServerId: string | null;
  tool: string | null;
  /** sha256 of the canonical arguments with secret-looking values removed. */
  argsDigest: string | null;
  upstreamStatus: number | null;
  outcome: "ok" | "error" | "denied";
  durations: { mcp_processing: number; atlassian_api: number; response_format: number } | null;
  detail: Record<string, unknown> | null;
}

export interface EncryptedSecret {
  /** base64 of iv(12) | tag(16) | ciphertext; the key id lets keys rotate later. */
  ciphertext: string;
  keyId: string;
}

export interface Page<T> {
  result: T[];
  next_cursor: string | null;
}

// ---- Inputs and auxiliary records (added with the repositories; existing shapes above are unchanged) ----

/** Paging input shared by every list: `cursor` is the opaque `next_cursor` of the previous page. */
export interface PageRequest {
  cursor?: string | null;
  /** 1..200, default 50. */
  limit?: number;
}

export interface NewTeam {
  name: string;
}

export interface NewIntegratedAccount {
  name: string;
  authType: IntegratedAccount["authType"];
  siteUrl: string;
  cloudId?: string | null;
  deployment: IntegratedAccount["deployment"];
  /** Default: `active` when a secret is given, `pending` otherwise (OAuth connect not finished). */
  status?: IntegratedAccount["status"];
}

/** PATCH semantics: absent fields are left alone. Secrets change through their own methods. */
export interface IntegratedAccountPatch {
  name?: string;
  siteUrl?: string;
  cloudId?: string | null;
  status?: IntegratedAccount["status"];
}

/** The result of a token exchange or refresh, as stored. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Millis;
  scope: string;
}

export interface NewMcpServer {
  integratedAccountId: string;
  name: string;
  config?: McpServerConfig;
  expiresAt?: Millis | null;
  requireApiTokenAuth?: boolean;
}

/** PATCH semantics: absent fields are left alone; `config` is replaced as a whole; `expiresAt: null` clears. */
export interface McpServerPatch {
  name?: string;
  integratedAccountId?: string;
  config?: McpServerConfig;
  expiresAt?: Millis | null;
  requireApiTokenAuth?: boolean;
}

/** What an MCP request resolves its bearer/URL token to. */
export interface McpServerResolution {
  server: McpServerRecord;
  account: IntegratedAccount;
  team: Team;
}

/** A pending OAuth connect: the `state` parameter itself is only stored as a hash. */
export interface OAuthStateRecord {
  teamId: string;
  /** Name the new integrated account gets. */
  name: string;
  /** Set when the flow re-authorizes an existing account instead of creating one. */
  integratedAccountId: string | null;
  createdAt: Millis;
  expiresAt: Millis;
}

export interface NewOAuthState {
  name: string;
  integratedAccountId?: string | null;
  /** Default 10 minutes. */
  ttlMs?: number;
}

/** `at` defaults to the repository clock; optional fields default to null. */
export type NewAuditRecord = Pick<AuditRecord, "teamId" | "action" | "outcome"> &
  Partial<Omit<AuditRecord, "id" | "teamId" | "action" | "outcome">>;

export interface AuditFilters extends PageRequest {
  action?: string;
  tool?: string;
  mcpServerId?: string;
  integratedAccountId?: string;
  outcome?: AuditRecord["outcome"];
  /** Inclusive lower bound on `at`. */
  from?: Millis;
  /** Exclusive upper bound on `at`. */
  to?: Millis;
}
