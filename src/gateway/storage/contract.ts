/**
 * The storage contract: one suite every `Database` implementation must pass, so PGlite and Postgres
 * cannot drift apart. `open` returns a fresh, NOT yet migrated database. Time is driven by a fake
 * clock handed to the repositories; nothing here reads the wall clock.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretDecryptError } from "./crypto.js";
import { MIGRATIONS, migrate } from "./migrations.js";
import { InvalidCursorError, ReferenceNotFoundError, Repositories } from "./repositories.js";
import type { AccountSecret, AuditRecord, Database, NewIntegratedAccount, OAuthTokens } from "./types.js";

export interface OpenedStorage {
  db: Database;
  cleanup: () => Promise<void>;
}

const T0 = 1_750_000_000_000;

const apiTokenAccount: NewIntegratedAccount = {
  name: "jira",
  authType: "api_token",
  siteUrl: "https://acme.atlassian.net",
  deployment: "cloud",
};
const oauthAccount: NewIntegratedAccount = {
  name: "oauth",
  authType: "oauth",
  siteUrl: "https://acme.atlassian.net",
  cloudId: "cloud-1",
  deployment: "cloud",
};
type OAuthSecret = Extract<AccountSecret, { type: "oauth" }>;
const oauthSecret = (n: number, expiresAt: number): OAuthSecret => ({
  type: "oauth",
  accessToken: `access-${n}-${randomBytes(8).toString("hex")}`,
  refreshToken: `refresh-${n}-${randomBytes(8).toString("hex")}`,
  expiresAt,
  scope: "read:jira-work offline_access",
});
const tokensOf = ({ type: _type, ...tokens }: OAuthSecret): OAuthTokens => tokens;

export function defineStorageContract(name: string, open: () => Promise<OpenedStorage>): void {
  describe(`storage contract: ${name}`, () => {
    let opened: OpenedStorage;
    let db: Database;
    let repos: Repositories;
    let now = T0;
    let firstMigration: number[];
    const key = randomBytes(32);

    beforeAll(async () => {
      opened = await open();
      db = opened.db;
      firstMigration = await migrate(db);
      repos = new Repositories(db, key, { now: () => now, refreshCooldownMs: 60_000 });
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    /** A team with one account (api token), one MCP server, one API key and one audit record. */
    async function seedTeam(label: string) {
      const team = await repos.teams.create(label);
      const email = `${label}-${randomBytes(4).toString("hex")}@example.com`;
      const apiToken = `ATATT-${randomBytes(16).toString("hex")}`;
      const account = await repos.accounts.create(team.id, apiTokenAccount, {
        type: "api_token",
        email,
        apiToken,
      });
      const server = await repos.mcpServers.create(team.id, { integratedAccountId: account.id, name: "srv" });
      const apiKey = await repos.apiKeys.create(team.id, "ci");
      const audit = await repos.audit.append({
        teamId: team.id,
        action: "tool_call",
        outcome: "ok",
        tool: "jira_get_issue",
        integratedAccountId: account.id,
        mcpServerId: server.record.id,
      });
      return { team, account, server, apiKey, audit, email, apiToken };
    }

    describe("migrations", () => {
      it("applies every migration once and is idempotent", async () => {
        expect(firstMigration).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await migrate(db)).toEqual([]);
        expect(await migrate(db)).toEqual([]);
        const { rows } = await db.query<{ version: number }>(
          "SELECT version FROM schema_migrations ORDER BY 1",
        );
        expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      });
    });

    describe("database", () => {
      it("rolls a transaction back when its callback throws", async () => {
        const team = await repos.teams.create("rollback");
        await expect(
          db.transaction(async (tx) => {
            await tx.query("UPDATE teams SET name = $1 WHERE id = $2", ["changed", team.id]);
            throw new Error("boom");
          }),
        ).rejects.toThrow("boom");
        expect((await repos.teams.get(team.id))?.name).toBe("rollback");
      });
    });

    describe("teams and API keys", () => {
      it("creates a key whose plaintext is returned once and resolves to its team", async () => {
        const team = await repos.teams.create("keys");
        const { key, record } = await repos.apiKeys.create(team.id, "deploy");
        expect(key.startsWith("agk_")).toBe(true);
        expect(key.startsWith(record.prefix)).toBe(true);
        expect(record).toMatchObject({ teamId: team.id, name: "deploy", lastUsedAt: null, revokedAt: null });

        const found = await repos.apiKeys.findByKey(key);
        expect(found?.team).toEqual(team);
        expect(found?.key.id).toBe(record.id);
        expect(await repos.apiKeys.findByKey(`${key}x`)).toBeNull();

        now += 1000;
        expect(await repos.apiKeys.touch(team.id, record.id)).toBe(true);
        expect((await repos.apiKeys.get(team.id, record.id))?.lastUsedAt).toBe(now);

        const revoked = await repos.apiKeys.revoke(team.id, record.id);
        expect(revoked?.revokedAt).toBe(now);
        now += 1000;
        expect((await repos.apiKeys.revoke(team.id, record.id))?.revokedAt).toBe(revoked?.revokedAt);
        expect(await repos.apiKeys.findByKey(key)).toBeNull();
        expect((await repos.apiKeys.list(team.id)).map((k) => k.id)).toEqual([record.id]);
      });

      it("refuses rows for a team that does not exist", async () => {
        await expect(repos.apiKeys.create("no-such-team", "x")).rejects.toBeInstanceOf(
          ReferenceNotFoundError,
        );
        await expect(repos.accounts.create("no-such-team", apiTokenAccount, null)).rejects.toBeInstanceOf(
          ReferenceNotFoundError,
        );
      });
    });

    describe("team isolation", () => {
      it("team B can neither see nor change anything of team A", async () => {
        const a = await seedTeam("team-a");
        const b = await seedTeam("team-b");
        const B = b.team.id;
        const acc = a.account.id;
        const srv = a.server.record.id;

        // integrated accounts
        expect(await repos.accounts.get(B, acc)).toBeNull();
        expect((await repos.accounts.list(B)).result.map((x) => x.id)).toEqual([b.account.id]);
        expect(await repos.accounts.update(B, acc, { name: "hijacked" })).toBeNull();
        expect(await repos.accounts.setStatus(B, acc, "needs_reauth")).toBeNull();
        expect(await repos.accounts.readSecret(B, acc)).toBeNull();
        expect(
          await repos.accounts.replaceSecret(B, acc, { type: "api_token", email: "x@y", apiToken: "evil" }),
        ).toBeNull();
        expect(await repos.accounts.markRefreshFailed(B, acc, "x")).toBe(false);
        expect(await repos.accounts.delete(B, acc)).toBe(false);

        // MCP servers
        expect(await repos.mcpServers.get(B, srv)).toBeNull();
        expect((await repos.mcpServers.list(B)).result.map((x) => x.id)).toEqual([b.server.record.id]);
        expect((await repos.mcpServers.list(B, { integratedAccountId: acc })).result).toEqual([]);
        expect(await repos.mcpServers.update(B, srv, { name: "hijacked" })).toBeNull();
        expect(await repos.mcpServers.delete(B, srv)).toBe(false);
        await expect(
          repos.mcpServers.create(B, { integratedAccountId: acc, name: "steal" }),
        ).rejects.toBeInstanceOf(ReferenceNotFoundError);
        await expect(
          repos.mcpServers.update(B, b.server.record.id, { integratedAccountId: acc }),
        ).rejects.toBeInstanceOf(ReferenceNotFoundError);

        // API keys
        expect(await repos.apiKeys.get(B, a.apiKey.record.id)).toBeNull();
        expect((await repos.apiKeys.list(B)).map((k) => k.id)).toEqual([b.apiKey.record.id]);
        expect(await repos.apiKeys.revoke(B, a.apiKey.record.id)).toBeNull();
        expect(await repos.apiKeys.touch(B, a.apiKey.record.id)).toBe(false);

        // audit
        expect((await repos.audit.list(B)).result.map((r) => r.id)).toEqual([b.audit.id]);
        expect((await repos.audit.list(B, { integratedAccountId: acc })).result).toEqual([]);
        expect((await repos.audit.list(B, { mcpServerId: srv })).result).toEqual([]);

        // OAuth token writes
        const oa = await repos.accounts.create(a.team.id, oauthAccount, oauthSecret(1, now + 3_600_000));
        expect(
          await db.transaction((tx) =>
            repos.accounts.updateOAuthTokens(tx, B, oa.id, tokensOf(oauthSecret(2, now)), 1),
          ),
        ).toBeNull();

        // ...and team A's data is untouched.
        expect(await repos.accounts.get(a.team.id, acc)).toEqual(a.account);
        expect(await repos.accounts.readSecret(a.team.id, acc)).toEqual({
          type: "api_token",
          email: a.email,
          apiToken: a.apiToken,
        });
        expect((await repos.accounts.get(a.team.id, oa.id))?.secretVersion).toBe(1);
        expect(await repos.mcpServers.get(a.team.id, srv)).toEqual(a.server.record);
        expect(await repos.apiKeys.get(a.team.id, a.apiKey.record.id)).toEqual(a.apiKey.record);
        expect((await repos.audit.list(a.team.id)).result).toEqual([a.audit]);
        expect((await repos.mcpServers.findByToken(a.server.token))?.team.id).toBe(a.team.id);
        expect((await repos.apiKeys.findByKey(a.apiKey.key))?.team.id).toBe(a.team.id);
      });
    });

    describe("secrets at rest", () => {
      it("stores no credential, token or key in plain text", async () => {
        const a = await seedTeam("plain");
        const oauth = oauthSecret(1, now + 3_600_000);
        const oa = await repos.accounts.create(a.team.id, oauthAccount, oauth);
        const state = await repos.oauthStates.create(a.team.id, { name: "connect" });
        const needles = [
          a.email,
          a.apiToken,
          a.server.token,
          a.apiKey.key,
          state.state,
          oauth.accessToken,
          oauth.refreshToken,
        ];
        const tables = [
          "teams",
          "api_keys",
          "integrated_accounts",
          "oauth_states",
          "mcp_servers",
          "audit_log",
        ];
        let dump = "";
        for (const table of tables) {
          const { rows } = await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${table} t`);
          dump += rows.map((r) => r.j).join("\n");
        }
        expect(dump).toContain(a.account.id); // the dump is real
        for (const needle of needles) expect(dump).not.toContain(needle);
        expect(await repos.accounts.readSecret(a.team.id, oa.id)).toEqual(oauth);
      });

      it("refuses a tampered ciphertext, and one moved onto another row", async () => {
        const a = await seedTeam("tamper");
        const other = await repos.accounts.create(a.team.id, apiTokenAccount, {
          type: "api_token",
          email: "o@example.com",
          apiToken: "other",
        });
        const { rows } = await db.query<{ secret: string }>(
          "SELECT secret FROM integrated_accounts WHERE id = $1",
          [a.account.id],
        );
        const blob = Buffer.from(rows[0].secret, "base64");
        blob[blob.length - 1] ^= 0x01;
        await db.query("UPDATE integrated_accounts SET secret = $1 WHERE id = $2", [
          blob.toString("base64"),
          a.account.id,
        ]);
        await expect(repos.accounts.readSecret(a.team.id, a.account.id)).rejects.toBeInstanceOf(
          SecretDecryptError,
        );

        await db.query(
          "UPDATE integrated_accounts SET secret = (SELECT secret FROM integrated_accounts WHERE id = $1) WHERE id = $2",
          [other.id, a.account.id],
        );
        await expect(repos.accounts.readSecret(a.team.id, a.account.id)).rejects.toBeInstanceOf(
          SecretDecryptError,
        );

        const wrongKey = new Repositories(db, randomBytes(32), { now: () => now });
        await expect(wrongKey.accounts.readSecret(a.team.id, other.id)).rejects.toBeInstanceOf(
          SecretDecryptError,
        );
      });

      it("keeps token and key hashes unique", async () => {
        const a = await seedTeam("unique");
        await expect(
          db.query(
            `INSERT INTO mcp_servers (id, team_id, integrated_account_id, name, token_hash, created_at, updated_at)
             SELECT 'dup-server', team_id, integrated_account_id, 'dup', token_hash, 0, 0 FROM mcp_servers WHERE id = $1`,
            [a.server.record.id],
          ),
        ).rejects.toMatchObject({ code: "23505" });
        await expect(
          db.query(
            `INSERT INTO api_keys (id, team_id, name, prefix, key_hash, created_at)
             SELECT 'dup-key', team_id, 'dup', prefix, key_hash, 0 FROM api_keys WHERE id = $1`,
            [a.apiKey.record.id],
          ),
        ).rejects.toMatchObject({ code: "23505" });
      });
    });

    describe("integrated accounts", () => {
      it("creates pending OAuth accounts, patches them, and deletes them with their servers", async () => {
        const team = await repos.teams.create("accounts");
        const pending = await repos.accounts.create(team.id, oauthAccount, null);
        expect(pending).toMatchObject({
          status: "pending",
          secretVersion: 1,
          tokenExpiresAt: null,
          cloudId: "cloud-1",
        });
        expect(await repos.accounts.readSecret(team.id, pending.id)).toBeNull();

        now += 10;
        const patched = await repos.accounts.update(team.id, pending.id, {
          siteUrl: "https://x.atlassian.net",
        });
        expect(patched).toMatchObject({ siteUrl: "https://x.atlassian.net", name: "oauth", updatedAt: now });
        expect((await repos.accounts.setStatus(team.id, pending.id, "active"))?.status).toBe("active");

        await expect(
          repos.accounts.create(team.id, apiTokenAccount, { type: "pat", token: "t" }),
        ).rejects.toBeInstanceOf(TypeError);

        const server = await repos.mcpServers.create(team.id, { integratedAccountId: pending.id, name: "s" });
        await repos.audit.append({
          teamId: team.id,
          action: "x",
          outcome: "ok",
          integratedAccountId: pending.id,
        });
        expect(await repos.accounts.delete(team.id, pending.id)).toBe(true);
        expect(await repos.accounts.delete(team.id, pending.id)).toBe(false);
        expect(await repos.mcpServers.get(team.id, server.record.id)).toBeNull();
        expect(await repos.mcpServers.findByToken(server.token)).toBeNull();
        expect((await repos.audit.list(team.id, { integratedAccountId: pending.id })).result).toHaveLength(1);
      });

      it("replaces a secret and bumps its version", async () => {
        const a = await seedTeam("replace");
        const next = { type: "api_token" as const, email: a.email, apiToken: "rotated" };
        const updated = await repos.accounts.replaceSecret(a.team.id, a.account.id, next);
        expect(updated?.secretVersion).toBe(a.account.secretVersion + 1);
        expect(await repos.accounts.readSecret(a.team.id, a.account.id)).toEqual(next);
        // a secret of another type is refused
        expect(
          await repos.accounts.replaceSecret(a.team.id, a.account.id, { type: "pat", token: "p" }),
        ).toBeNull();
      });

      it("updateOAuthTokens refuses a stale version", async () => {
        const team = await repos.teams.create("optimistic");
        const acc = await repos.accounts.create(team.id, oauthAccount, oauthSecret(1, now + 1000));
        expect(acc.secretVersion).toBe(1);
        const t2 = oauthSecret(2, now + 5000);
        const t3 = oauthSecret(3, now + 9000);
        const v2 = await db.transaction((tx) =>
          repos.accounts.updateOAuthTokens(tx, team.id, acc.id, tokensOf(t2), 1),
        );
        expect(v2).toMatchObject({ secretVersion: 2, tokenExpiresAt: now + 5000 });
        const stale = await db.transaction((tx) =>
          repos.accounts.updateOAuthTokens(tx, team.id, acc.id, tokensOf(t3), 1),
        );
        expect(stale).toBeNull();
        expect(await repos.accounts.readSecret(team.id, acc.id)).toEqual(t2);
        expect((await repos.accounts.get(team.id, acc.id))?.secretVersion).toBe(2);
      });

      it("concurrent refreshes of one account run one after the other and see each other's version", async () => {
        const team = await repos.teams.create("refresh-race");
        const acc = await repos.accounts.create(team.id, oauthAccount, oauthSecret(1, now + 1000));
        const seen: number[] = [];
        const refresh = (n: number) =>
          repos.transaction(async (tx, r) => {
            await r.accounts.lockForRefresh(tx, acc.id);
            const current = await r.accounts.get(team.id, acc.id);
            seen.push(current!.secretVersion);
            const tokens = tokensOf(oauthSecret(n, now + n * 1000));
            return r.accounts.updateOAuthTokens(tx, team.id, acc.id, tokens, current!.secretVersion);
          });
        const results = await Promise.all([refresh(2), refresh(3)]);
        expect(results.every((x) => x !== null)).toBe(true);
        expect(seen.sort((x, y) => x - y)).toEqual([1, 2]);
        expect((await repos.accounts.get(team.id, acc.id))?.secretVersion).toBe(3);
      });

      it("lists OAuth accounts due for refresh, skipping those cooling down or not active", async () => {
        const team = await repos.teams.create("due");
        const soon = await repos.accounts.create(team.id, oauthAccount, oauthSecret(1, now + 30_000));
        const later = await repos.accounts.create(
          team.id,
          oauthAccount,
          oauthSecret(1, now + 10 * 3_600_000),
        );
        const broken = await repos.accounts.create(team.id, oauthAccount, oauthSecret(1, now + 10_000));
        await repos.accounts.setStatus(team.id, broken.id, "needs_reauth");
        await repos.accounts.create(team.id, oauthAccount, null); // pending: no token yet
        await repos.accounts.create(team.id, apiTokenAccount, {
          type: "api_token",
          email: "e",
          apiToken: "t",
        });
        const mine = async () =>
          (await repos.accounts.dueForRefresh(now + 60_000))
            .filter((x) => x.teamId === team.id)
            .map((x) => x.id);

        expect(await mine()).toEqual([soon.id]);
        expect(later.tokenExpiresAt).toBe(now + 10 * 3_600_000);

        expect(await repos.accounts.markRefreshFailed(team.id, soon.id, "invalid_grant")).toBe(true);
        expect(await mine()).toEqual([]);
        now += 30_000; // still inside the 60 s cooldown
        expect(await mine()).toEqual([]);
        now += 30_000; // cooldown over
        expect(await mine()).toEqual([soon.id]);

        // a successful token write clears the cooldown
        await repos.accounts.markRefreshFailed(team.id, soon.id, "temporary");
        await db.transaction((tx) =>
          repos.accounts.updateOAuthTokens(
            tx,
            team.id,
            soon.id,
            { accessToken: "a", refreshToken: "r", expiresAt: now + 1000, scope: "s" },
            1,
          ),
        );
        expect(await mine()).toEqual([soon.id]);
      });
    });

    describe("MCP servers", () => {
      it("resolves a token to server, account and team; patches; deletes", async () => {
        const a = await seedTeam("servers");
        const found = await repos.mcpServers.findByToken(a.server.token);
        expect(a.server.token.startsWith("agm_")).toBe(true);
        expect(found).toEqual({ server: a.server.record, account: a.account, team: a.team });
        expect(await repos.mcpServers.findByToken("agm_nope")).toBeNull();

        now += 5;
        const patched = await repos.mcpServers.update(a.team.id, a.server.record.id, {
          config: { tags: ["core"], tool_exposure: "discovery" },
          requireApiTokenAuth: true,
        });
        expect(patched).toMatchObject({
          name: "srv",
          config: { tags: ["core"], tool_exposure: "discovery" },
          requireApiTokenAuth: true,
          expiresAt: null,
          updatedAt: now,
        });
        const renamed = await repos.mcpServers.update(a.team.id, a.server.record.id, {
          name: "n",
          expiresAt: now + 5,
        });
        expect(renamed).toMatchObject({ name: "n", config: { tags: ["core"] }, requireApiTokenAuth: true });
        expect(
          (await repos.mcpServers.update(a.team.id, a.server.record.id, { expiresAt: null }))?.expiresAt,
        ).toBeNull();

        expect(await repos.mcpServers.delete(a.team.id, a.server.record.id)).toBe(true);
        expect(await repos.mcpServers.findByToken(a.server.token)).toBeNull();
      });

      it("does not resolve expired servers, and sweeps them", async () => {
        const a = await seedTeam("expiry");
        const short = await repos.mcpServers.create(a.team.id, {
          integratedAccountId: a.account.id,
          name: "short",
          expiresAt: now + 1000,
        });
        expect((await repos.mcpServers.findByToken(short.token))?.server.id).toBe(short.record.id);
        now += 1000;
        expect(await repos.mcpServers.findByToken(short.token)).toBeNull();
        expect(await repos.mcpServers.get(a.team.id, short.record.id)).not.toBeNull(); // until swept
        expect(await repos.mcpServers.deleteExpired()).toBe(1);
        expect(await repos.mcpServers.get(a.team.id, short.record.id)).toBeNull();
        expect(await repos.mcpServers.findByToken(a.server.token)).not.toBeNull(); // no expiry: kept
        expect(await repos.mcpServers.deleteExpired()).toBe(0);
      });
    });

    describe("OAuth states", () => {
      it("are consumed once and expire", async () => {
        const team = await repos.teams.create("states");
        const s = await repos.oauthStates.create(team.id, { name: "my jira", ttlMs: 1000 });
        expect(s.record).toMatchObject({ teamId: team.id, name: "my jira", integratedAccountId: null });
        expect(await repos.oauthStates.consume(s.state)).toEqual(s.record);
        expect(await repos.oauthStates.consume(s.state)).toBeNull();

        const late = await repos.oauthStates.create(team.id, { name: "late", ttlMs: 1000 });
        now += 1000;
        expect(await repos.oauthStates.consume(late.state)).toBeNull();

        await repos.oauthStates.create(team.id, { name: "swept", ttlMs: 1000 });
        now += 1000;
        expect(await repos.oauthStates.deleteExpired()).toBeGreaterThanOrEqual(1);
        const { rows } = await db.query("SELECT 1 FROM oauth_states WHERE team_id = $1", [team.id]);
        expect(rows).toHaveLength(0);
      });
    });

    describe("paging and audit", () => {
      it("walks accounts with no gaps or duplicates, also when created_at ties", async () => {
        const team = await repos.teams.create("paging");
        const ids: string[] = [];
        for (let i = 0; i < 11; i++) {
          if (i % 3 === 0) now += 1; // groups of equal created_at
          ids.push((await repos.accounts.create(team.id, apiTokenAccount, null)).id);
        }
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await repos.accounts.list(team.id, { cursor, limit: 4 });
          seen.push(...page.result.map((x) => x.id));
          cursor = page.next_cursor;
          pages++;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual([...ids].sort());
        const all = (await repos.accounts.list(team.id, { limit: 200 })).result;
        expect(all.map((x) => x.id)).toEqual(seen);
        expect((await repos.accounts.list(team.id, { limit: 11 })).next_cursor).toBeNull();
      });

      it("walks MCP servers and audit records, newest audit first, with filters", async () => {
        const a = await seedTeam("audit");
        const servers = [a.server.record.id];
        for (let i = 0; i < 4; i++) {
          servers.push(
            (await repos.mcpServers.create(a.team.id, { integratedAccountId: a.account.id, name: `s${i}` }))
              .record.id,
          );
        }
        const walkServers: string[] = [];
        let c: string | null = null;
        do {
          const p = await repos.mcpServers.list(a.team.id, { cursor: c, limit: 2 });
          walkServers.push(...p.result.map((s) => s.id));
          c = p.next_cursor;
        } while (c);
        expect([...walkServers].sort()).toEqual([...servers].sort());
        expect(new Set(walkServers).size).toBe(servers.length);

        const base = now + 1000; // after the seeded record
        for (let i = 0; i < 9; i++) {
          await repos.audit.append({
            teamId: a.team.id,
            at: base + Math.floor(i / 2) * 100, // pairs share a timestamp
            action: i % 3 === 0 ? "integrated_account.create" : "tool_call",
            outcome: i % 4 === 0 ? "error" : "ok",
            tool: i % 3 === 0 ? null : "jira_search",
            mcpServerId: i % 2 === 0 ? servers[1] : null,
            durations: { mcp_processing: 1.5, atlassian_api: 20, response_format: 0.25 },
            detail: i === 0 ? { note: "first" } : null,
            upstreamStatus: 200,
          });
        }
        const walk: AuditRecord[] = [];
        let cursor: string | null = null;
        do {
          const p = await repos.audit.list(a.team.id, { cursor, limit: 4, from: base });
          walk.push(...p.result);
          cursor = p.next_cursor;
        } while (cursor);
        expect(walk).toHaveLength(9);
        expect(new Set(walk.map((r) => r.id)).size).toBe(9);
        for (let i = 1; i < walk.length; i++) expect(walk[i - 1].at).toBeGreaterThanOrEqual(walk[i].at);

        const firstRec = walk.find((r) => r.detail !== null);
        expect(firstRec).toMatchObject({
          detail: { note: "first" },
          durations: { mcp_processing: 1.5, atlassian_api: 20, response_format: 0.25 },
          upstreamStatus: 200,
        });

        const count = async (f: Parameters<Repositories["audit"]["list"]>[1]) =>
          (await repos.audit.list(a.team.id, { from: base, ...f, limit: 200 })).result.length;
        expect(await count({ action: "tool_call" })).toBe(6);
        expect(await count({ tool: "jira_search" })).toBe(6);
        expect(await count({ mcpServerId: servers[1] })).toBe(5);
        expect(await count({ integratedAccountId: a.account.id })).toBe(0);
        expect(await count({ from: base + 100, to: base + 300 })).toBe(4);
        expect(await count({ action: "tool_call", mcpServerId: servers[1] })).toBe(3);
        expect(await count({ outcome: "error" })).toBe(3);
        expect(await count({ outcome: "error", tool: "jira_search" })).toBe(2);
        expect((await repos.audit.list(a.team.id, { integratedAccountId: a.account.id })).result).toEqual([
          a.audit,
        ]);
      });

      it("filters audit records before the limit, so pages are full and the cursor walks every match", async () => {
        const team = await repos.teams.create("audit-filters");
        const base = now + 10_000;
        const errors: string[] = [];
        for (let i = 0; i < 30; i++) {
          const outcome = i % 10 === 3 || i === 0 ? "error" : "ok";
          const rec = await repos.audit.append({
            teamId: team.id,
            at: base + Math.floor(i / 2) * 10, // pairs share a timestamp
            action: "tool_call",
            outcome,
            tool: i % 2 === 0 ? "jira_search" : "confluence_search",
          });
          if (outcome === "error") errors.push(rec.id);
        }
        const walk = async (filters: Parameters<Repositories["audit"]["list"]>[1]) => {
          const sizes: number[] = [];
          const seen: AuditRecord[] = [];
          let cursor: string | null = null;
          do {
            const p = await repos.audit.list(team.id, { ...filters, cursor, limit: 2 });
            sizes.push(p.result.length);
            seen.push(...p.result);
            cursor = p.next_cursor;
          } while (cursor && sizes.length < 50);
          return { sizes, seen };
        };
        // The newest records are all "ok": filtering after the limit would answer an empty first page.
        const failed = await walk({ outcome: "error" });
        expect(failed.sizes).toEqual([2, 2]);
        expect(failed.seen.every((r) => r.outcome === "error")).toBe(true);
        expect(failed.seen.map((r) => r.id).sort()).toEqual([...errors].sort());
        const both = await walk({ outcome: "ok", tool: "confluence_search", from: base + 50 });
        expect(both.sizes).toEqual([2, 2, 2, 2]);
        expect(both.seen.every((r) => r.outcome === "ok" && r.tool === "confluence_search")).toBe(true);
        expect(new Set(both.seen.map((r) => r.id)).size).toBe(8);
      });

      it("rejects cursors it did not issue", async () => {
        const team = await repos.teams.create("cursor");
        const wrongList = Buffer.from(JSON.stringify(["audit", 1, "x"])).toString("base64url");
        await expect(repos.accounts.list(team.id, { cursor: "garbage" })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        await expect(repos.accounts.list(team.id, { cursor: wrongList })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });
  });
}
