import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { isObject } from "../../http/body.js";
import { jiraError } from "../../http/errors.js";
import type { Issue } from "../../state/model.js";
import { issueLinkBean, linkTypeBean } from "../serialize/issue.js";
import type { ApiVersion } from "../serialize/refs.js";
import { parseCommentBody } from "./comment-routes.js";
import {
  apiVersions,
  caller,
  canWrite,
  findIssue,
  ISSUE_NOT_FOUND,
  numericId,
  prefix,
  readObject,
  touch,
} from "./common.js";
import { addComment, addLink } from "./issue-service.js";

/** Issue links and link types. Jira reports a missing link permission as 404 (the spec lists no 403). */
export function linkRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

function issueFromRef(ctx: SandboxContext, ref: unknown): Issue | undefined {
  if (!isObject(ref)) return undefined;
  const key = ref.key ?? ref.id;
  return typeof key === "string" || typeof key === "number" ? findIssue(ctx, String(key)) : undefined;
}

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.get(`${P}/issueLinkType`, (c) => {
    return c.json({
      issueLinkTypes: [...ctx.store.linkTypes.values()].map((t) => linkTypeBean(c.get("apiBase"), t, v)),
    });
  });

  app.post(`${P}/issueLink`, async (c) => {
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const { type } = body;
    if (!isObject(type) || (type.name === undefined && type.id === undefined)) {
      return jiraError(c, 400, ["Issue link type must be specified by id or name."]);
    }
    const name = typeof type.name === "string" ? type.name : undefined;
    const linkType = [...ctx.store.linkTypes.values()].find((t) =>
      type.id !== undefined ? t.id === String(type.id) : t.name.toLowerCase() === name?.toLowerCase(),
    );
    if (!linkType) {
      return jiraError(c, 404, [
        type.id !== undefined
          ? `No issue link type with id '${String(type.id).slice(0, 50)}' found.`
          : `No issue link type with name '${String(name).slice(0, 100)}' found.`,
      ]);
    }
    if (!isObject(body.inwardIssue) || !isObject(body.outwardIssue)) {
      return jiraError(c, 400, ["Both 'inwardIssue' and 'outwardIssue' are required."]);
    }
    const inward = issueFromRef(ctx, body.inwardIssue);
    const outward = issueFromRef(ctx, body.outwardIssue);
    if (!inward || !outward) return jiraError(c, 404, [ISSUE_NOT_FOUND]);
    const user = caller(ctx, c);
    if (!canWrite(user) || !user)
      return jiraError(c, 404, [`No Link Issue Permission for issue '${inward.key}'.`]);
    if (inward.id === outward.id) return jiraError(c, 400, ["You cannot link an issue to itself."]);
    let comment: ReturnType<typeof parseCommentBody> | undefined;
    if (body.comment !== undefined) {
      if (!isObject(body.comment))
        return jiraError(c, 400, [], { comment: "Comment body can not be empty!" });
      comment = parseCommentBody(ctx, body.comment, v);
      if (!comment.ok) return jiraError(c, 400, [], comment.errors);
    }
    addLink(ctx, linkType.id, inward.id, outward.id);
    if (comment?.ok && comment.doc)
      addComment(ctx, outward, user.accountId, comment.doc, comment.visibility ?? null);
    return c.body(null, 201);
  });

  app.get(`${P}/issueLink/:linkId`, (c) => {
    const raw = c.req.param("linkId");
    const id = numericId(raw);
    if (id === null) return jiraError(c, 400, [`The issue link ID '${raw.slice(0, 50)}' is invalid.`]);
    const link = ctx.store.links.get(id);
    const bean = link ? issueLinkBean(ctx, c.get("apiBase"), link, v) : null;
    if (!bean) return jiraError(c, 404, [`No issue link with id '${id}' exists.`]);
    return c.json(bean);
  });

  app.delete(`${P}/issueLink/:linkId`, (c) => {
    const raw = c.req.param("linkId");
    const id = numericId(raw);
    if (id === null) return jiraError(c, 400, [`The issue link ID '${raw.slice(0, 50)}' is invalid.`]);
    const link = ctx.store.links.get(id);
    if (!link) return jiraError(c, 404, [`No issue link with id '${id}' exists.`]);
    const inward = ctx.store.issues.get(link.inwardIssueId);
    if (!canWrite(caller(ctx, c))) {
      return jiraError(c, 404, [
        `No Link Issue Permission for issue '${inward?.key ?? link.inwardIssueId}'.`,
      ]);
    }
    ctx.store.links.delete(link.id);
    for (const issueId of [link.inwardIssueId, link.outwardIssueId]) {
      const i = ctx.store.issues.get(issueId);
      if (i) touch(ctx, i);
    }
    return c.body(null, 204);
  });
}
