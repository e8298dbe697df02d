import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../../context.js";
import { isObject } from "../../http/body.js";
import { jiraError } from "../../http/errors.js";
import { offsetParams } from "../../http/pagination.js";
import type { Comment } from "../../state/model.js";
import { commentBean } from "../serialize/comment.js";
import { commentsOf } from "../serialize/indexes.js";
import type { ApiVersion } from "../serialize/refs.js";
import { adfPlainText, renderHtml, richIn } from "../serialize/rich-text.js";
import {
  apiVersions,
  type Ctx,
  caller,
  canWrite,
  issueChildOr404,
  issueOr404,
  mayChangeOwn,
  prefix,
  queryList,
  readObject,
  touch,
} from "./common.js";
import { addComment } from "./issue-service.js";

/** The spec documents 400 (not 403) for comment permission failures, as Jira answers them. */
export const COMMENT_FORBIDDEN = "You do not have the permission to comment on this issue.";
export const COMMENT_EDIT_FORBIDDEN = "You do not have the permission to edit this comment.";
export const COMMENT_DELETE_FORBIDDEN = "You do not have the permission to delete this comment.";
const MAX_COMMENT = 32767;

/** Comments of an issue: list, add, get, update, delete. */
export function commentRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const v of apiVersions(ctx)) register(app, ctx, v);
  return app;
}

type Visibility = Comment["visibility"];

/** Parses `body` and `visibility` of a comment request; errors keyed as Jira keys them. */
export function parseCommentBody(
  ctx: SandboxContext,
  body: Record<string, unknown>,
  v: ApiVersion,
  { requireBody = true } = {},
):
  | { ok: true; doc: Comment["body"] | undefined; visibility: Visibility | undefined }
  | { ok: false; errors: Record<string, string> } {
  let doc: Comment["body"] | undefined;
  if (body.body !== undefined || requireBody) {
    const parsed = richIn(body.body ?? null, v);
    if (!parsed.ok) {
      return {
        ok: false,
        errors: {
          comment: v === 3 ? "Comment body must be an Atlassian Document." : "Comment body must be a string.",
        },
      };
    }
    if (!parsed.doc || (parsed.doc.content.length === 0 && adfPlainText(parsed.doc) === "")) {
      return { ok: false, errors: { comment: "Comment body can not be empty!" } };
    }
    if (
      adfPlainText(parsed.doc).length > MAX_COMMENT ||
      JSON.stringify(parsed.doc).length > 20 * MAX_COMMENT
    ) {
      return {
        ok: false,
        errors: {
          comment: "The entered text is too long. It exceeds the allowed limit of 32,767 characters.",
        },
      };
    }
    doc = parsed.doc;
  }
  let visibility: Visibility | undefined;
  if (body.visibility !== undefined) {
    const vis = body.visibility;
    if (vis === null) visibility = null;
    else if (
      !isObject(vis) ||
      (vis.type !== "group" && vis.type !== "role") ||
      typeof vis.value !== "string"
    ) {
      return {
        ok: false,
        errors: { commentLevel: "Visibility must have a type of 'group' or 'role' and a value." },
      };
    } else if (vis.type === "group" && !ctx.store.groups.has(vis.value)) {
      return { ok: false, errors: { commentLevel: `Group: ${vis.value.slice(0, 100)} does not exist.` } };
    } else if (
      vis.type === "role" &&
      ![...ctx.store.projectRoles.values()].some((r) => r.name === vis.value)
    ) {
      return { ok: false, errors: { commentLevel: `Role: ${vis.value.slice(0, 100)} does not exist.` } };
    } else {
      visibility = { type: vis.type, value: vis.value };
    }
  }
  return { ok: true, doc, visibility };
}

function withRendered(bean: Record<string, unknown>, comment: Comment, c: Ctx): Record<string, unknown> {
  if ((queryList(c, "expand") ?? []).includes("renderedBody")) bean.renderedBody = renderHtml(comment.body);
  return bean;
}

const commentOr404 = (ctx: SandboxContext, c: Ctx) =>
  issueChildOr404(ctx, c, ctx.store.comments, (raw) => `Can not find a comment for the id: ${raw}.`);

function register(app: Hono<SandboxEnv>, ctx: SandboxContext, v: ApiVersion): void {
  const P = prefix(v);

  app.get(`${P}/issue/:issueIdOrKey/comment`, (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const page = offsetParams(c.req.query(), { maxResults: 100, cap: 5000 });
    if ("error" in page) return jiraError(c, 400, [page.error]);
    const orderBy = c.req.query("orderBy");
    if (orderBy !== undefined && !["created", "-created", "+created"].includes(orderBy)) {
      return jiraError(c, 400, [
        `Invalid orderBy value: '${orderBy.slice(0, 50)}'. Allowed: created, -created, +created.`,
      ]);
    }
    let all = commentsOf(ctx.store, issue.id);
    all = [...all].sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
    if (orderBy === "-created") all.reverse();
    const slice = all.slice(page.startAt, page.startAt + page.maxResults);
    return c.json({
      comments: slice.map((cm) => withRendered(commentBean(ctx, c.get("apiBase"), cm, v), cm, c)),
      maxResults: page.maxResults,
      total: all.length,
      startAt: page.startAt,
    });
  });

  app.post(`${P}/issue/:issueIdOrKey/comment`, async (c) => {
    const issue = issueOr404(ctx, c);
    if (issue instanceof Response) return issue;
    const user = caller(ctx, c);
    if (!canWrite(user) || !user) return jiraError(c, 400, [COMMENT_FORBIDDEN]);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const parsed = parseCommentBody(ctx, body, v);
    if (!parsed.ok) return jiraError(c, 400, [], parsed.errors);
    const comment = addComment(
      ctx,
      issue,
      user.accountId,
      parsed.doc as Comment["body"],
      parsed.visibility ?? null,
    );
    return c.json(withRendered(commentBean(ctx, c.get("apiBase"), comment, v), comment, c), 201);
  });

  app.get(`${P}/issue/:issueIdOrKey/comment/:id`, (c) => {
    const found = commentOr404(ctx, c);
    if (found instanceof Response) return found;
    const comment = found.item;
    return c.json(withRendered(commentBean(ctx, c.get("apiBase"), comment, v), comment, c));
  });

  app.put(`${P}/issue/:issueIdOrKey/comment/:id`, async (c) => {
    const found = commentOr404(ctx, c);
    if (found instanceof Response) return found;
    const { issue, item: comment } = found;
    const user = caller(ctx, c);
    if (!mayChangeOwn(user, comment) || !user) return jiraError(c, 400, [COMMENT_EDIT_FORBIDDEN]);
    const body = await readObject(c);
    if (body instanceof Response) return body;
    const parsed = parseCommentBody(ctx, body, v);
    if (!parsed.ok) return jiraError(c, 400, [], parsed.errors);
    if (parsed.doc) comment.body = parsed.doc;
    if (parsed.visibility !== undefined) comment.visibility = parsed.visibility;
    comment.updateAuthorId = user.accountId;
    comment.updated = Math.max(ctx.now(), comment.created);
    touch(ctx, issue);
    return c.json(withRendered(commentBean(ctx, c.get("apiBase"), comment, v), comment, c));
  });

  app.delete(`${P}/issue/:issueIdOrKey/comment/:id`, (c) => {
    const found = commentOr404(ctx, c);
    if (found instanceof Response) return found;
    const { issue, item: comment } = found;
    if (!mayChangeOwn(caller(ctx, c), comment)) return jiraError(c, 400, [COMMENT_DELETE_FORBIDDEN]);
    ctx.store.comments.delete(comment.id);
    touch(ctx, issue);
    return c.body(null, 204);
  });
}
