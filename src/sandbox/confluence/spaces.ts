import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { isObject, readJson } from "../http/body.js";
import { parseList } from "../http/params.js";
import { nextString } from "../seed/ids.js";
import type { Page, Space } from "../state/model.js";
import { EMPTY_DOC } from "./body.js";
import { labelJson, spaceJson } from "./serialize.js";
import {
  boolParam,
  caller,
  compareNumericIds,
  compareText,
  enumParam,
  idListParam,
  numericId,
  V2,
  v2Error,
  v2List,
  v2Paging,
  wikiBase,
} from "./shared.js";

const SPACE_TYPES = [
  "global",
  "collaboration",
  "knowledge_base",
  "personal",
  "system",
  "onboarding",
  "xflow_sample_space",
] as const;
const SPACE_SORTS = ["id", "-id", "key", "-key", "name", "-name"] as const;
const KEY_MAX = 255;
const NAME_MAX = 200;

/** Confluence v2 spaces. Cloud only: on Data Center the module registers nothing (404). */
export function spaceRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  if (ctx.options.deployment === "datacenter") return app;

  app.get(`${V2}/spaces`, (c) => {
    const ids = idListParam(c, "ids", 250);
    if (ids instanceof Response) return ids;
    const keys = parseList(c.req.queries("keys"));
    if (keys.length > 250) return v2Error(c, 400, "'keys' accepts at most 250 values");
    const type = enumParam(c, "type", SPACE_TYPES);
    if (type instanceof Response) return type;
    const status = enumParam(c, "status", ["current", "archived"] as const);
    if (status instanceof Response) return status;
    const sort = enumParam(c, "sort", SPACE_SORTS);
    if (sort instanceof Response) return sort;
    const descriptionFormat = enumParam(c, "description-format", ["plain", "view"] as const);
    if (descriptionFormat instanceof Response) return descriptionFormat;
    const icon = boolParam(c, "include-icon", false);
    if (icon instanceof Response) return icon;
    const labels = parseList(c.req.queries("labels")).map((l) => l.toLowerCase());
    const paging = v2Paging(c, "spaces");
    if (paging instanceof Response) return paging;

    const store = ctx.store;
    const idSet = ids.length ? new Set(ids) : null;
    const keySet = keys.length ? new Set(keys) : null;
    const spaces: Space[] = [];
    for (const space of store.spaces.values()) {
      if (idSet && !idSet.has(space.id)) continue;
      if (keySet && !keySet.has(space.key)) continue;
      if (type && space.type !== type) continue;
      if (status && space.status !== status) continue;
      if (labels.length) {
        const names = space.labelIds.map((id) => store.confluenceLabels.get(id)?.name);
        if (!labels.some((l) => names.includes(l))) continue;
      }
      spaces.push(space);
    }
    sortSpaces(spaces, sort);
    return v2List(c, spaces, paging, (s) => spaceJson(s, { descriptionFormat, icon }));
  });

  app.get(`${V2}/spaces/:id`, (c) => {
    const id = c.req.param("id");
    const bad = numericId(c, "id", id);
    if (bad) return bad;
    const descriptionFormat = enumParam(c, "description-format", ["plain", "view"] as const);
    if (descriptionFormat instanceof Response) return descriptionFormat;
    const flags: Record<string, boolean> = {};
    for (const name of [
      "include-icon",
      "include-operations",
      "include-properties",
      "include-permissions",
      "include-role-assignments",
      "include-labels",
    ]) {
      const value = boolParam(c, name, false);
      if (value instanceof Response) return value;
      flags[name] = value;
    }
    const space = ctx.store.spaces.get(id);
    if (!space) return v2Error(c, 404, "Space not found");
    const out = spaceJson(space, { descriptionFormat, icon: flags["include-icon"] });
    const self = `${V2}/spaces/${space.id}`;
    const meta = { hasMore: false };
    if (flags["include-labels"]) {
      const results = space.labelIds.flatMap((lid) => {
        const l = ctx.store.confluenceLabels.get(lid);
        return l ? [labelJson(l)] : [];
      });
      out.labels = { results, meta, _links: { self: `${self}/labels` } };
    }
    if (flags["include-properties"])
      out.properties = { results: [], meta, _links: { self: `${self}/properties` } };
    if (flags["include-operations"]) {
      const results = [{ operation: "read", targetType: "space" }];
      if (caller(ctx, c)?.canEdit) results.push({ operation: "create", targetType: "page" });
      if (caller(ctx, c)?.siteAdmin) results.push({ operation: "administer", targetType: "space" });
      out.operations = { results, meta, _links: { self: `${self}/operations` } };
    }
    if (flags["include-permissions"])
      out.permissions = { results: [], meta, _links: { self: `${self}/permissions` } };
    out._links = { ...(out._links as object), base: wikiBase(c) };
    return c.json(out, 200);
  });

  app.post(`${V2}/spaces`, async (c) => {
    // Creating spaces needs the global "create space" permission, which only site admins hold here.
    const user = caller(ctx, c);
    if (!user?.siteAdmin || !user.canEdit) {
      return v2Error(c, 403, "You do not have permission to create spaces.");
    }
    const json = await readJson(c);
    if (!json.ok) return json.response;
    const input = json.value;
    if (!isObject(input)) return v2Error(c, 400, "The request body must be a JSON object");
    const store = ctx.store;
    if (typeof input.name !== "string" || input.name.trim() === "")
      return v2Error(c, 400, "Space name is required");
    const name = input.name.trim();
    if (name.length > NAME_MAX)
      return v2Error(c, 400, `Space name cannot be longer than ${NAME_MAX} characters`);
    for (const field of ["key", "alias"] as const) {
      if (input[field] !== undefined && input[field] !== null && typeof input[field] !== "string") {
        return v2Error(c, 400, `${field} must be a string`);
      }
    }
    let key =
      typeof input.key === "string"
        ? input.key
        : typeof input.alias === "string"
          ? input.alias
          : deriveKey(store, name);
    if (key === "" || key.length > KEY_MAX || !/^[A-Za-z0-9]+$/.test(key)) {
      return v2Error(
        c,
        400,
        "Space key can only contain alphanumeric characters (a-z, 0-9) and cannot be empty",
      );
    }
    key = key.toUpperCase();
    for (const s of store.spaces.values()) {
      if (s.key.toUpperCase() === key) return v2Error(c, 400, `A space already exists with key ${key}`);
    }
    let description = "";
    if (isObject(input.description) && typeof input.description.value === "string")
      description = input.description.value;

    const now = ctx.now();
    const space: Space = {
      id: nextString(store, "space"),
      key,
      name,
      type: "global",
      status: "current",
      description,
      homepageId: null,
      authorId: user.accountId,
      createdAt: now,
      labelIds: [],
    };
    // Every new space gets a home page at the root of its tree, titled after the space.
    const home: Page = {
      id: nextString(store, "page"),
      spaceId: space.id,
      parentId: null,
      status: "current",
      ownerId: user.accountId,
      authorId: user.accountId,
      createdAt: now,
      versions: [
        {
          number: 1,
          message: "",
          minorEdit: false,
          authorId: user.accountId,
          createdAt: now,
          title: name,
          body: EMPTY_DOC,
        },
      ],
      labelIds: [],
      position: 0,
    };
    space.homepageId = home.id;
    store.spaces.set(space.id, space);
    store.pages.set(home.id, home);
    const out = spaceJson(space);
    out._links = { ...(out._links as object), base: wikiBase(c) };
    return c.json(out, 201);
  });

  return app;
}

function sortSpaces(spaces: Space[], sort: (typeof SPACE_SORTS)[number] | undefined): void {
  const key = sort ?? "id";
  const desc = key.startsWith("-");
  const field = desc ? key.slice(1) : key;
  spaces.sort((a, b) => {
    let r = 0;
    if (field === "key") r = compareText(a.key, b.key);
    else if (field === "name") r = compareText(a.name, b.name);
    if (r === 0) r = compareNumericIds(a.id, b.id);
    return desc ? -r : r;
  });
}

/** A key from the name's letters and digits (`Platform Team` → `PLATFORMTE`), made unique with a counter. */
function deriveKey(store: SandboxContext["store"], name: string): string {
  const base =
    name
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase()
      .slice(0, 10) || "SPACE";
  const taken = new Set([...store.spaces.values()].map((s) => s.key.toUpperCase()));
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}${i}`;
  return key;
}
