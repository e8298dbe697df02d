/**
 * URL roots shared by the Jira serializers. `apiBase` is the request's site form (or
 * `/ex/jira/{cloudId}`), so links work through whichever door the client came in.
 */

export type ApiVersion = 2 | 3;

export function restBase(apiBase: string, apiVersion: ApiVersion): string {
  return `${apiBase}/rest/api/${apiVersion}`;
}
