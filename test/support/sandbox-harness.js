import { startSandbox } from "../../src/sandbox/index.js";
/**
 * A running sandbox plus a small client for tests: real HTTP on an ephemeral port, credentials
 * picked by role. Every test file that exercises the sandbox starts one in `beforeAll`.
 */
export class SandboxHarness {
  sandbox;
  constructor(sandbox) {
    this.sandbox = sandbox;
  }
  static async start(options = {}) {
    return new SandboxHarness(await startSandbox({ port: 0, ...options }));
  }
  get url() {
    return this.sandbox.url;
  }
  get info() {
    return this.sandbox.credentials;
  }
  authHeader(as) {
    const info = this.sandbox.credentials;
    const dc = this.sandbox.context.options.deployment === "datacenter";
    const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
    if (as === "anonymous") return undefined;
    if (as === "admin") return dc ? `Bearer ${info.pat}` : basic(info.email, info.apiToken);
    if (as === "viewer")
      return dc ? `Bearer ${info.viewer.pat}` : basic(info.viewer.email, info.viewer.apiToken);
    if (as === "pat") return `Bearer ${info.pat}`;
    if ("bearer" in as) return `Bearer ${as.bearer}`;
    return basic(as.basic[0], as.basic[1]);
  }
  /** Sends a request; JSON bodies are serialized, strings sent as they are. */
  async request(method, path, options = {}) {
    const url = new URL(path, this.url);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const headers = { ...options.headers };
    const auth = this.authHeader(options.as ?? "admin");
    if (auth && !headers.authorization) headers.authorization = auth;
    let body;
    if (options.body !== undefined) {
      if (
        typeof options.body === "string" ||
        options.body instanceof FormData ||
        options.body instanceof Uint8Array
      ) {
        body = options.body;
      } else {
        body = JSON.stringify(options.body);
        headers["content-type"] ??= "application/json";
      }
    }
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    const text = await res.text();
    let parsed = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
  get(path, options = {}) {
    return this.request("GET", path, options);
  }
  post(path, body, options = {}) {
    return this.request("POST", path, { ...options, body });
  }
  put(path, body, options = {}) {
    return this.request("PUT", path, { ...options, body });
  }
  delete(path, options = {}) {
    return this.request("DELETE", path, options);
  }
  /** Runs the OAuth consent flow without a browser and returns fresh tokens. */
  async oauthTokens(
    scope = "read:jira-work write:jira-work read:jira-user manage:jira-webhook manage:jira-configuration read:confluence-content.all write:confluence-content search:confluence offline_access",
    accountId,
  ) {
    const info = this.info;
    const redirectUri = "http://127.0.0.1:9/callback";
    const form = new URLSearchParams({
      client_id: info.oauth.clientId,
      redirect_uri: redirectUri,
      scope,
      state: "s1",
      decision: "accept",
      ...(accountId ? { account_id: accountId } : {}),
    });
    const consent = await fetch(`${this.url}/authorize`, {
      method: "POST",
      body: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    const location = new URL(consent.headers.get("location") ?? "");
    const code = location.searchParams.get("code");
    if (!code) throw new Error(`consent did not return a code: ${location}`);
    const res = await fetch(`${this.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "authorization_code",
        client_id: info.oauth.clientId,
        client_secret: info.oauth.clientSecret,
        code,
        redirect_uri: redirectUri,
      }),
    });
    if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
    return await res.json();
  }
  async close() {
    await this.sandbox.close();
  }
}
//# sourceMappingURL=sandbox-harness.js.map
