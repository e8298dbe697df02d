import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { CLI, PROTOCOLS, startStdio } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

const catalog = loadCatalog();
const writeTools = new Set(catalog.filter((t) => t.access === "write").map((t) => t.name));

describe("stdio server: protocols, filters, exposure, configuration", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(() => h.close());

  it.each(PROTOCOLS)("answers a client speaking protocol %s", async (protocol) => {
    const s = await startStdio(h, {}, protocol);
    try {
      const { tools } = await s.client.listTools();
      expect(tools.length).toBe(catalog.filter((t) => t.deployments.includes("cloud")).length);
      const me = await s.call("get_single_jira_current_user");
      expect(me.isError).toBe(false);
      expect(me.json.accountId).toBe(h.info.accountId);
      const negotiated =
        (s.client as any).protocolVersion ?? (s.client as any).getNegotiatedProtocolVersion?.();
      if (negotiated !== undefined) expect(negotiated).toBe(protocol);
    } finally {
      await s.close();
    }
  });

  it("read-only exposure lists no write tool and refuses a direct write call", async () => {
    const s = await startStdio(h, { ATLASGATE_METHODS: "read" });
    try {
      const { tools } = await s.client.listTools();
      expect(tools.length).toBeGreaterThan(20);
      for (const t of tools) {
        expect(writeTools.has(t.name)).toBe(false);
        expect(t.annotations?.readOnlyHint).toBe(true);
      }
      const before = h.sandbox.context.store.comments.size;
      await expect(
        s.client.callTool({
          name: "create_a_jira_issue_comment",
          arguments: { issue_id_or_key: "BACKEND-2", body: "no" },
        }),
      ).rejects.toThrow(/Unknown tool/);
      expect(h.sandbox.context.store.comments.size).toBe(before);
    } finally {
      await s.close();
    }
  });

  it("READ_ONLY_MODE hides custom writes too, but keeps reads", async () => {
    const s = await startStdio(h, { READ_ONLY_MODE: "true" });
    try {
      const names = (await s.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("list_all_jira_search");
      expect(names).not.toContain("jira_issues_transition");
      expect(names.some((n) => writeTools.has(n))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it("applies methods, tags and tools together (AND)", async () => {
    const s = await startStdio(h, { ATLASGATE_TAGS: "agile", ATLASGATE_METHODS: "list" });
    try {
      const { tools } = await s.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      for (const t of tools) {
        const def = catalog.find((d) => d.name === t.name)!;
        expect(def.tags).toContain("agile");
        expect(def.kind).toBe("list");
      }
    } finally {
      await s.close();
    }
    const only = await startStdio(h, { ATLASGATE_TOOLS: "get_single_jira_issue_by_id,list_all_jira_search" });
    try {
      expect((await only.client.listTools()).tools.map((t) => t.name).sort()).toEqual([
        "get_single_jira_issue_by_id",
        "list_all_jira_search",
      ]);
    } finally {
      await only.close();
    }
  });

  it("discovery exposure: three meta-tools that respect the filters", async () => {
    const s = await startStdio(h, { ATLASGATE_TOOL_EXPOSURE: "discovery", ATLASGATE_METHODS: "read" });
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["call_tool", "get_tool_schema", "search_tools"]);
      const found = await s.call("search_tools", { query: "issue comments" });
      const names = found.json.result.map((r: { name: string }) => r.name);
      expect(names).toContain("list_all_jira_issue_comments");
      expect(names).not.toContain("create_a_jira_issue_comment"); // filtered out: write
      const schema = await s.call("get_tool_schema", { name: "list_all_jira_issue_comments" });
      expect(schema.json.inputSchema.required).toContain("issue_id_or_key");
      const called = await s.call("call_tool", {
        name: "list_all_jira_issue_comments",
        arguments: { issue_id_or_key: "BACKEND-3" },
      });
      expect(called.isError).toBe(false);
      expect(Array.isArray(called.json.result)).toBe(true);
      const refused = await s.call("call_tool", {
        name: "create_a_jira_issue_comment",
        arguments: { issue_id_or_key: "BACKEND-3", body: "x" },
      });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/search_tools/);
    } finally {
      await s.close();
    }
  });

  async function runCli(env: Record<string, string>, args: string[] = []) {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdin.end();
    const [code] = await once(child, "exit");
    return { code: code as number, stdout, stderr };
  }

  it.each([
    [{}, /ATLASSIAN_URL/],
    [{ ATLASSIAN_URL: "not a url" }, /not a URL/],
    [{ ATLASSIAN_URL: "https://x.example" }, /credentials/],
    [{ ATLASSIAN_URL: "https://x.example", ATLASSIAN_API_TOKEN: "t" }, /ATLASSIAN_EMAIL/],
    [
      { ATLASSIAN_URL: "https://x.example", ATLASSIAN_PAT: "p", ATLASGATE_TAGS: "nonsense" },
      /ATLASGATE_TAGS/,
    ],
    [
      { ATLASSIAN_URL: "https://x.example", ATLASSIAN_PAT: "p", ATLASGATE_METHODS: "explode" },
      /ATLASGATE_METHODS/,
    ],
    [
      { ATLASSIAN_URL: "https://x.example", ATLASSIAN_PAT: "p", ATLASGATE_TOOL_EXPOSURE: "some" },
      /ATLASGATE_TOOL_EXPOSURE/,
    ],
    [{ ATLASSIAN_URL: "https://x.example", ATLASSIAN_PAT: "p", READ_ONLY_MODE: "maybe" }, /READ_ONLY_MODE/],
  ])("refuses a bad setting with one clear stderr line and nothing on stdout (%o)", async (env, pattern) => {
    const r = await runCli(env as Record<string, string>);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it("prints --help and --version", async () => {
    const help = await runCli({}, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/atlasgate/);
    const version = await runCli({}, ["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
