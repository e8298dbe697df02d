export function compileRoute(method, template) {
  const segments = splitPath(template);
  const literals = [];
  const paramNames = [];
  for (const segment of segments) {
    const param = /^\{([^}]+)\}$/.exec(segment);
    literals.push(param ? null : segment);
    paramNames.push(param ? param[1] : null);
  }
  return { method: method.toUpperCase(), template, literals, paramNames };
}
function splitPath(p) {
  return p.split("/").filter((s) => s.length > 0);
}
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
/**
 * Picks the most specific route: among templates that match, the one whose first templated segment comes
 * latest wins, i.e. literals beat `{param}` position by position — the way Jira's JAX-RS routing resolves
 * `/issue/createmeta/{key}/issuetypes` before `/issue/{issueIdOrKey}/...`.
 */
export function matchRoute(routes, method, specPath) {
  const segments = splitPath(specPath).map(safeDecode);
  const wanted = method.toUpperCase();
  let best = null;
  for (const route of routes) {
    if (route.method !== wanted || route.literals.length !== segments.length) continue;
    if (!route.literals.every((lit, i) => lit === null || lit === segments[i])) continue;
    if (!best || moreSpecific(route, best)) best = route;
  }
  if (!best) return null;
  const params = {};
  best.paramNames.forEach((name, i) => {
    if (name !== null) params[name] = segments[i];
  });
  return { route: best, params };
}
function moreSpecific(a, b) {
  for (let i = 0; i < a.literals.length; i++) {
    const aLit = a.literals[i] !== null;
    const bLit = b.literals[i] !== null;
    if (aLit !== bLit) return aLit;
  }
  return false;
}
/** Accepts absolute URLs or bare paths, in the site form or the `api.atlassian.com/ex/<product>/<cloudId>` form. */
export function splitUrl(urlOrPath) {
  const url = new URL(urlOrPath, "http://placeholder.invalid");
  let sitePath = url.pathname;
  let gateway = null;
  const ex = /^\/ex\/(jira|confluence)\/[^/]+(\/.*)?$/.exec(sitePath);
  if (ex) {
    gateway = ex[1];
    sitePath = ex[2] ?? "/";
    // Confluence's gateway also serves v1 without the `/wiki` context path.
    if (gateway === "confluence" && !sitePath.startsWith("/wiki/")) sitePath = `/wiki${sitePath}`;
  }
  if (sitePath.length > 1 && sitePath.endsWith("/")) sitePath = sitePath.slice(0, -1);
  return { sitePath, query: url.searchParams, gateway };
}
/** Which spec could own a site path, and the path as written in that spec's `paths` keys. */
export function candidateSpecs(sitePath, gateway) {
  const out = [];
  if (gateway !== "jira" && sitePath.startsWith("/wiki/")) {
    if (sitePath.startsWith("/wiki/api/v2/")) {
      out.push({ spec: "confluence-v2", specPath: sitePath.slice("/wiki/api/v2".length) });
    } else out.push({ spec: "confluence-v1", specPath: sitePath });
  }
  if (gateway !== "confluence" && sitePath.startsWith("/rest/")) {
    out.push({ spec: "jira-platform-v3", specPath: sitePath }, { spec: "jira-software", specPath: sitePath });
  }
  return out;
}
//# sourceMappingURL=path-match.js.map
