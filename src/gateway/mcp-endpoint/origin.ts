/**
 * The origins a browser may call /mcp from: the gateway's own public origin plus an explicit
 * allowlist. DNS-rebinding attacks arrive from a browser with a foreign Origin; desktop and server
 * clients send none, so an absent header is accepted.
 */
export function originAllowed(origin: string | undefined, publicUrl: string, allowlist: string[]): boolean {
  if (origin === undefined || origin === "") return true;
  let normalized: string;
  try {
    normalized = new URL(origin).origin;
  } catch {
    return false;
  }
  if (normalized === "null") return false;
  if (normalized === new URL(publicUrl).origin) return true;
  return allowlist.includes(normalized);
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * A gateway bound to loopback only answers requests that name a loopback host (or the public URL's
 * host): a DNS-rebinding page reaches it under an attacker's hostname, which this refuses even when
 * the browser sends no Origin. Gateways bound to other interfaces serve whatever name routes to them.
 */
export function hostAllowed(host: string | undefined, publicUrl: string, loopbackOnly: boolean): boolean {
  if (!loopbackOnly || host === undefined || host === "") return true;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  if (LOOPBACK_HOSTS.has(hostname)) return true;
  try {
    return hostname === new URL(publicUrl).hostname;
  } catch {
    return false;
  }
}
