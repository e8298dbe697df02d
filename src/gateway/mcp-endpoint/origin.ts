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
