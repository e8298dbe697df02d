import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";
import { SANDBOX_CLOUD_ID } from "../../sandbox/index.js";
import { OAUTH_SCOPES, type OAuthConfig } from "./config.js";
import { finishOAuthConnect, STATE_TTL_MS, startOAuthConnect } from "./connect.js";
import { OAuthConnectError } from "./errors.js";
import { consent, openTestStorage, sandboxOAuthConfig, TestClock, type TestStorage } from "./test-fixture.js";

async function connectError(p: Promise<unknown>): Promise<OAuthConnectError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OAuthConnectError);
  return err as OAuthConnectError;
}

describe("OAuth connect flow against the sandbox", () => {
  let h: SandboxHarness;
  let storage: TestStorage;
  let config: OAuthConfig;
  let teamId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    h = await SandboxHarness.start({ tokenTtlSeconds: 5 });
    storage = await openTestStorage(clock);
    config = sandboxOAuthConfig(h);
    teamId = (await storage.repos.teams.create("team")).id;
  });
  afterAll(async () => {
    await storage?.close();
    await h?.close();
  });

  it("builds Atlassian's consent URL and creates a pending account", async () => {
    const started = await startOAuthConnect({ repos: storage.repos, teamId, name: "Acme", config });
    const url = new URL(started.authorize_url);
    expect(`${url.origin}${url.pathname}`).toBe(`${h.url}/authorize`);
    const q = url.searchParams;
    expect(q.get("audience")).toBe("api.atlassian.com");
    expect(q.get("client_id")).toBe(config.clientId);
    expect(q.get("scope")).toBe(OAUTH_SCOPES.join(" "));
    expect(started.authorize_url).toContain("scope=read%3Ajira-work%20write%3Ajira-work");
    expect(q.get("redirect_uri")).toBe("http://127.0.0.1:9/oauth/atlassian/callback");
    expect(q.get("response_type")).toBe("code");
    expect(q.get("prompt")).toBe("consent");
    expect(q.get("state")?.length).toBeGreaterThan(40);
    expect(started.account).toMatchObject({ status: "pending", authType: "oauth", name: "Acme", teamId });
    expect(started.state_expires_at).toBe(clock.t + STATE_TTL_MS);
    // Two flows never share a state.
    const other = await startOAuthConnect({ repos: storage.repos, teamId, name: "Other", config });
    expect(new URL(other.authorize_url).searchParams.get("state")).not.toBe(q.get("state"));
  });

  it("end to end: consent without a browser, callback, accessible-resources, tokens stored encrypted", async () => {
    const started = await startOAuthConnect({ repos: storage.repos, teamId, name: "Acme Jira", config });
    const cb = await consent(h, started.authorize_url);
    expect(cb.code).toBeTruthy();
    const done = await finishOAuthConnect({
      repos: storage.repos,
      config,
      code: cb.code,
      state: cb.state,
      now: clock.now,
    });

    expect(done.account).toMatchObject({
      id: started.account.id,
      status: "active",
      cloudId: SANDBOX_CLOUD_ID,
      siteUrl: h.url,
      tokenExpiresAt: clock.t + 5000,
    });
    expect(done.site).toMatchObject({ cloudId: SANDBOX_CLOUD_ID, url: h.url });

    const secret = await storage.repos.accounts.readSecret(teamId, started.account.id);
    if (secret?.type !== "oauth") throw new Error("expected an OAuth secret");
    expect(secret.refreshToken).toMatch(/^rt-/);
    expect(secret.expiresAt).toBe(clock.t + 5000);
    expect(secret.scope).toContain("offline_access");
    // The access token works against the API gateway route of the site.
    const me = await h.get(`/ex/jira/${SANDBOX_CLOUD_ID}/rest/api/3/myself`, {
      as: { bearer: secret.accessToken },
    });
    expect(me.status).toBe(200);

    // At rest, neither token appears in the row.
    const { rows } = await storage.db.query<Record<string, unknown>>(
      "SELECT * FROM integrated_accounts WHERE id = $1",
      [started.account.id],
    );
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(secret.accessToken);
    expect(raw).not.toContain(secret.refreshToken);
  });

  it("refuses a reused state (the callback replayed)", async () => {
    const started = await startOAuthConnect({ repos: storage.repos, teamId, name: "Replay", config });
    const cb = await consent(h, started.authorize_url);
    await finishOAuthConnect({ repos: storage.repos, config, code: cb.code, state: cb.state });
    const err = await connectError(
      finishOAuthConnect({ repos: storage.repos, config, code: cb.code, state: cb.state }),
    );
    expect(err.code).toBe("invalid_state");
    expect(err.message).toMatch(/already used/);
  });

  it("refuses an unknown, a missing and a forged state", async () => {
    for (const state of ["ags_not-a-real-state.zzzz", "nonsense", null]) {
      const err = await connectError(
        finishOAuthConnect({ repos: storage.repos, config, code: "whatever", state }),
      );
      expect(err.code).toBe("invalid_state");
    }
  });

  it("refuses an expired state with its own message", async () => {
    const started = await startOAuthConnect({ repos: storage.repos, teamId, name: "Slow", config });
    const cb = await consent(h, started.authorize_url);
    clock.advance(STATE_TTL_MS + 1);
    const err = await connectError(
      finishOAuthConnect({ repos: storage.repos, config, code: cb.code, state: cb.state, now: clock.now }),
    );
    expect(err.code).toBe("expired_state");
    expect(err.message).toMatch(/expired/);
    const account = await storage.repos.accounts.get(teamId, started.account.id);
    expect(account?.status).toBe("pending");
  });

  it("reports a denied consent clearly and leaves the account pending", async () => {
    const started = await startOAuthConnect({ repos: storage.repos, teamId, name: "Denied", config });
    const cb = await consent(h, started.authorize_url, "deny");
    expect(cb.error).toBe("access_denied");
    const err = await connectError(
      finishOAuthConnect({
        repos: storage.repos,
        config,
        state: cb.state,
        error: cb.error,
        errorDescription: cb.redirect.searchParams.get("error_description"),
      }),
    );
    expect(err.code).toBe("access_denied");
    expect(err.accountId).toBe(started.account.id);
    expect(err.message).toMatch(/denied/);
    expect((await storage.repos.accounts.get(teamId, started.account.id))?.status).toBe("pending");
  });

  it("reports a failed code exchange (bad code; bad client secret) without leaking the code", async () => {
    const a = await startOAuthConnect({ repos: storage.repos, teamId, name: "Bad code", config });
    const cbA = await consent(h, a.authorize_url);
    const errA = await connectError(
      finishOAuthConnect({ repos: storage.repos, config, code: "code-forged", state: cbA.state }),
    );
    expect(errA.code).toBe("exchange_failed");
    expect(errA.message).toMatch(/authorization code/);

    const b = await startOAuthConnect({ repos: storage.repos, teamId, name: "Bad secret", config });
    const cbB = await consent(h, b.authorize_url);
    const wrong = { ...config, clientSecret: "wrong-secret" };
    const errB = await connectError(
      finishOAuthConnect({ repos: storage.repos, config: wrong, code: cbB.code, state: cbB.state }),
    );
    expect(errB.code).toBe("exchange_failed");
    expect(errB.status).toBe(502);
    expect(errB.message).not.toContain(cbB.code!);
    expect(errB.message).not.toContain("wrong-secret");
    expect((await storage.repos.accounts.get(teamId, b.account.id))?.status).toBe("pending");
  });

  it("re-authorizes an existing account in place", async () => {
    const started = await startOAuthConnect({ repos: storage.repos, teamId, name: "Again", config });
    const cb = await consent(h, started.authorize_url);
    const first = await finishOAuthConnect({ repos: storage.repos, config, code: cb.code, state: cb.state });
    await storage.repos.accounts.setStatus(teamId, first.account.id, "needs_reauth");

    const again = await startOAuthConnect({
      repos: storage.repos,
      teamId,
      name: "ignored",
      config,
      accountId: first.account.id,
    });
    expect(again.account.id).toBe(first.account.id);
    const cb2 = await consent(h, again.authorize_url);
    const second = await finishOAuthConnect({
      repos: storage.repos,
      config,
      code: cb2.code,
      state: cb2.state,
    });
    expect(second.account).toMatchObject({ id: first.account.id, status: "active", name: "Again" });
    expect(second.account.secretVersion).toBeGreaterThan(first.account.secretVersion);

    const err = await connectError(
      startOAuthConnect({ repos: storage.repos, teamId, name: "x", config, accountId: "nope" }),
    );
    expect(err.code).toBe("account_not_found");
  });
});
