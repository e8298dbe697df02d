import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";

/**
 * The connection pool every client shares by default, set up for corporate networks: outbound
 * proxies from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, and private CAs from `NODE_EXTRA_CA_CERTS`
 * (Node adds those to its own TLS, but an undici Agent builds its own TLS options and needs them
 * passed explicitly). One keep-alive pool per origin lives inside the Agent, so a gateway with many
 * accounts on api.atlassian.com reuses the same warm connections.
 */

const PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] as const;

export interface DispatcherOptions {
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Reads the CA file; injectable for tests. */
  readFile?: (path: string) => string;
}

/** Whether any proxy variable is set (lower- or upper-case, as curl and undici accept both). */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARS.some((name) => (env[name] ?? "").trim() !== "");
}

/**
 * `ca` for undici's TLS options: Node's bundled roots plus the PEM file named by
 * `NODE_EXTRA_CA_CERTS`, or undefined (undici then uses Node's defaults) when the variable is unset.
 * An unreadable file is reported instead of silently failing every TLS handshake later.
 */
export function extraCaList(options: DispatcherOptions = {}): string[] | undefined {
  const env = options.env ?? process.env;
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return undefined;
  const read = options.readFile ?? ((p: string) => readFileSync(p, "utf8"));
  let pem: string;
  try {
    pem = read(file);
  } catch (err) {
    throw new Error(`NODE_EXTRA_CA_CERTS names ${file}, which cannot be read: ${(err as Error).message}`);
  }
  return [...rootCertificates, pem];
}

/** A new keep-alive dispatcher following the environment's proxy and CA settings. */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const env = options.env ?? process.env;
  const ca = extraCaList(options);
  const tls = ca ? { ca } : undefined;
  if (proxyConfigured(env)) {
    // Explicit values (even empty) so that undici does not fall back to process.env for an injected env.
    return new EnvHttpProxyAgent({
      httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? "",
      httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? "",
      noProxy: env.no_proxy ?? env.NO_PROXY ?? "",
      ...(tls ? { connect: tls, requestTls: tls, proxyTls: tls } : {}),
    });
  }
  return new Agent(tls ? { connect: tls } : {});
}

let shared: Dispatcher | null = null;

/** The process-wide dispatcher, created on first use (the environment is read once). */
export function sharedDispatcher(): Dispatcher {
  shared ??= createDispatcher();
  return shared;
}

/** Closes the shared pool at shutdown; the next request builds a fresh one. */
export async function closeSharedDispatcher(): Promise<void> {
  const d = shared;
  shared = null;
  if (d) await d.close();
}
