import { delimiter } from "node:path";
import type { AtlassianAuth } from "../atlassian/index.js";
import type { ToolDefinition } from "../catalog/load.js";
import type { Deployment } from "../catalog/types.js";
import { knownMethodWords, knownTags, type ToolFilters } from "../mcp/filters.js";
import type { ToolExposure } from "../mcp/server.js";

/** A setting problem: the stdio server prints the message as one line on stderr and exits non-zero. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface StdioConfig {
  siteUrl: string;
  auth: AtlassianAuth;
  /** Null: detect from serverInfo. */
  deployment: Deployment | null;
  filters: ToolFilters;
  exposure: ToolExposure;
  attachmentDirs: string[];
  raw: boolean;
  /** Optional limits on what this server sends to Atlassian (per account). */
  limits: { maxConcurrent?: number; requestsPerSecond?: number };
}

type Env = Record<string, string | undefined>;

const first = (env: Env, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return v;
  }
  return undefined;
};

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off", ""]);

function positiveNumber(env: Env, name: string): number | undefined {
  const v = env[name]?.trim();
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError(`${name} must be a positive number, got ${JSON.stringify(env[name])}`);
  return n;
}

function bool(env: Env, name: string): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined) return false;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

/**
 * Reads the local server's settings from the environment. Besides atlasgate's own names it accepts
 * the ones users already have in configs for other Atlassian MCP servers (JIRA_*, CONFLUENCE_*,
 * READ_ONLY_MODE), so switching is a one-line change.
 */
export function readStdioConfig(env: Env, catalog: ToolDefinition[]): StdioConfig {
  const rawUrl = first(env, "ATLASSIAN_URL", "JIRA_URL", "CONFLUENCE_URL");
  if (!rawUrl) throw new ConfigError("ATLASSIAN_URL is not set (your site, e.g. https://acme.atlassian.net)");
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ConfigError(`ATLASSIAN_URL is not a URL: ${JSON.stringify(rawUrl)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new ConfigError("ATLASSIAN_URL must start with https://");
  // Confluence URLs are often given with /wiki; the API paths carry it themselves.
  const siteUrl = `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/wiki$/, "")}`;

  const email = first(env, "ATLASSIAN_EMAIL", "JIRA_USERNAME", "CONFLUENCE_USERNAME");
  const token = first(env, "ATLASSIAN_API_TOKEN", "JIRA_API_TOKEN", "CONFLUENCE_API_TOKEN");
  const pat = first(env, "ATLASSIAN_PAT", "JIRA_PERSONAL_TOKEN", "CONFLUENCE_PERSONAL_TOKEN");

  const deploymentSetting = env.ATLASGATE_DEPLOYMENT?.trim().toLowerCase();
  let deployment: Deployment | null = null;
  if (deploymentSetting) {
    if (deploymentSetting !== "cloud" && deploymentSetting !== "datacenter") {
      throw new ConfigError(
        `ATLASGATE_DEPLOYMENT must be cloud or datacenter, got ${JSON.stringify(env.ATLASGATE_DEPLOYMENT)}`,
      );
    }
    deployment = deploymentSetting;
  }

  let auth: AtlassianAuth;
  if (pat) {
    auth = { type: "pat", token: pat };
    if (deployment === "cloud")
      throw new ConfigError(
        "ATLASSIAN_PAT is a Data Center credential; Cloud needs ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN",
      );
    deployment ??= "datacenter";
  } else if (email && token) {
    auth =
      email.includes("@") || deployment === "cloud"
        ? { type: "basic", email, apiToken: token }
        : { type: "dc-basic", username: email, password: token };
    if (auth.type === "dc-basic") deployment ??= "datacenter";
  } else if (token && !email) {
    throw new ConfigError("ATLASSIAN_EMAIL is not set (Cloud API tokens are used with the account's email)");
  } else {
    throw new ConfigError(
      "no credentials: set ATLASSIAN_EMAIL and ATLASSIAN_API_TOKEN (Cloud) or ATLASSIAN_PAT (Data Center)",
    );
  }

  const methods = list(env.ATLASGATE_METHODS);
  const words = knownMethodWords(catalog);
  for (const m of methods ?? [])
    if (!words.has(m))
      throw new ConfigError(
        `ATLASGATE_METHODS: unknown method ${JSON.stringify(m)} (use read, write, custom or a method name)`,
      );
  const tags = list(env.ATLASGATE_TAGS) ?? ["core"];
  const tagWords = knownTags(catalog);
  for (const t of tags)
    if (!tagWords.has(t))
      throw new ConfigError(
        `ATLASGATE_TAGS: unknown tag ${JSON.stringify(t)} (known: ${[...tagWords].sort().join(", ")})`,
      );
  const tools = list(env.ATLASGATE_TOOLS);
  const names = new Set(catalog.map((t) => t.name));
  for (const t of tools ?? [])
    if (!names.has(t)) throw new ConfigError(`ATLASGATE_TOOLS: unknown tool ${JSON.stringify(t)}`);
  const exposure = (env.ATLASGATE_TOOL_EXPOSURE?.trim().toLowerCase() || "all") as ToolExposure;
  if (exposure !== "all" && exposure !== "discovery") {
    throw new ConfigError(
      `ATLASGATE_TOOL_EXPOSURE must be all or discovery, got ${JSON.stringify(env.ATLASGATE_TOOL_EXPOSURE)}`,
    );
  }
  // An explicit tool list means exactly those tools; the default `core` tag would only get in the way.
  const effectiveTags = tools && env.ATLASGATE_TAGS === undefined ? undefined : tags;
  return {
    siteUrl,
    auth,
    deployment,
    filters: { methods, tags: effectiveTags, tools, readOnly: bool(env, "READ_ONLY_MODE") },
    exposure,
    attachmentDirs: (env.ATLASGATE_ATTACHMENT_DIRS ?? "")
      .split(delimiter)
      .map((s) => s.trim())
      .filter(Boolean),
    raw: bool(env, "ATLASGATE_RAW"),
    limits: {
      maxConcurrent: positiveNumber(env, "ATLASGATE_MAX_CONCURRENCY"),
      requestsPerSecond: positiveNumber(env, "ATLASGATE_REQUESTS_PER_SECOND"),
    },
  };
}
