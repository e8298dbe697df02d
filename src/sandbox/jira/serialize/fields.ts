/**
 * The sandbox's Jira field catalog. One table drives `GET /field`, the `names`/`schema` expansions,
 * createmeta and editmeta, so the field ids an issue carries, the ids `/field` lists and the ids
 * createmeta calls required can never drift apart.
 */

export interface FieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema: FieldSchema;
  /** Settable on create/edit (Jira's "on the screen"). */
  settable: boolean;
  /** Edit operations Jira advertises for the field. */
  operations: string[];
}

function sys(
  id: string,
  name: string,
  type: string,
  opts: Partial<Omit<FieldDef, "id" | "name" | "schema">> & { items?: string; clauseNames?: string[] } = {},
): FieldDef {
  const schema: FieldSchema = { type, system: id };
  if (opts.items) schema.items = opts.items;
  return {
    id,
    name,
    custom: false,
    orderable: opts.orderable ?? true,
    navigable: opts.navigable ?? true,
    searchable: opts.searchable ?? true,
    clauseNames: opts.clauseNames ?? [id],
    schema,
    settable: opts.settable ?? false,
    operations: opts.operations ?? [],
  };
}

function custom(
  numericId: number,
  name: string,
  type: string,
  customType: string,
  clauseNames: string[],
  opts: { items?: string; operations?: string[] } = {},
): FieldDef {
  const id = `customfield_${numericId}`;
  const schema: FieldSchema = { type, custom: customType, customId: numericId };
  if (opts.items) schema.items = opts.items;
  return {
    id,
    name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${numericId}]`, ...clauseNames],
    schema,
    settable: true,
    operations: opts.operations ?? ["set"],
  };
}

const SET = ["set"];
const ARRAY_OPS = ["add", "set", "remove"];

/** Field ids of the sandbox's custom fields, shared with the agile and JQL engineers' code. */
export const SPRINT_FIELD = "customfield_10020";
export const STORY_POINTS_FIELD = "customfield_10016";

export const FIELDS: readonly FieldDef[] = [
  sys("summary", "Summary", "string", { settable: true, operations: SET }),
  sys("description", "Description", "string", { settable: true, operations: SET, orderable: true }),
  sys("environment", "Environment", "string", { settable: true, operations: SET }),
  sys("issuetype", "Issue Type", "issuetype", {
    settable: true,
    operations: [],
    clauseNames: ["issuetype", "type"],
  }),
  sys("project", "Project", "project", { settable: true, operations: SET }),
  sys("status", "Status", "status", { orderable: false }),
  sys("priority", "Priority", "priority", { settable: true, operations: SET }),
  sys("resolution", "Resolution", "resolution", { settable: true, operations: SET }),
  sys("assignee", "Assignee", "user", { settable: true, operations: SET }),
  sys("reporter", "Reporter", "user", { settable: true, operations: SET }),
  sys("creator", "Creator", "user", { orderable: false }),
  sys("labels", "Labels", "array", { items: "string", settable: true, operations: ARRAY_OPS }),
  sys("components", "Components", "array", {
    items: "component",
    settable: true,
    operations: ARRAY_OPS,
    clauseNames: ["component"],
  }),
  sys("fixVersions", "Fix versions", "array", {
    items: "version",
    settable: true,
    operations: ARRAY_OPS,
    clauseNames: ["fixVersion"],
  }),
  sys("parent", "Parent", "issuelink", { settable: true, operations: SET }),
  sys("subtasks", "Sub-tasks", "array", { items: "issuelinks", orderable: false, clauseNames: ["subtasks"] }),
  sys("issuelinks", "Linked Issues", "array", {
    items: "issuelinks",
    settable: true,
    operations: ["add", "copy"],
  }),
  sys("attachment", "Attachment", "array", {
    items: "attachment",
    orderable: false,
    clauseNames: ["attachments"],
  }),
  sys("comment", "Comment", "comments-page", {
    navigable: false,
    settable: false,
    operations: ["add", "edit", "remove"],
  }),
  sys("worklog", "Log Work", "array", { items: "worklog", navigable: false, operations: ["add"] }),
  sys("watches", "Watchers", "watches", { orderable: false, clauseNames: ["watchers"] }),
  sys("created", "Created", "datetime", { orderable: false, clauseNames: ["created", "createdDate"] }),
  sys("updated", "Updated", "datetime", { orderable: false, clauseNames: ["updated", "updatedDate"] }),
  sys("resolutiondate", "Resolved", "datetime", {
    orderable: false,
    clauseNames: ["resolved", "resolutiondate"],
  }),
  sys("duedate", "Due date", "date", { settable: true, operations: SET, clauseNames: ["due", "duedate"] }),
  sys("timetracking", "Time tracking", "timetracking", { navigable: false, settable: true, operations: SET }),
  sys("timeoriginalestimate", "Original estimate", "number", {
    orderable: false,
    clauseNames: ["originalEstimate"],
  }),
  sys("timespent", "Time Spent", "number", { orderable: false, clauseNames: ["timespent"] }),
  custom(10020, "Sprint", "array", "com.pyxis.greenhopper.jira:gh-sprint", ["Sprint"], { items: "json" }),
  custom(10016, "Story point estimate", "number", "com.pyxis.greenhopper.jira:jsw-story-points", [
    "Story point estimate",
  ]),
];

export const FIELD_BY_ID: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.id, f]));

/** Every field id, in catalog order: what `*all` selects. */
export const ALL_FIELD_IDS: readonly string[] = FIELDS.map((f) => f.id);
/** What `*navigable` (the search default) selects. */
export const NAVIGABLE_FIELD_IDS: readonly string[] = FIELDS.filter((f) => f.navigable).map((f) => f.id);

/**
 * Adds the `names` and `schema` maps of the selected fields to a search response when `expand`
 * asks for them (issue search and the agile issue listings answer them alike). `ids` is only
 * resolved when needed.
 */
export function addFieldNamesAndSchema(
  body: Record<string, unknown>,
  expand: readonly string[],
  ids: () => Iterable<string>,
): void {
  const wantNames = expand.includes("names");
  const wantSchema = expand.includes("schema");
  if (!wantNames && !wantSchema) return;
  const names: Record<string, string> = {};
  const schema: Record<string, unknown> = {};
  for (const id of ids()) {
    const def = FIELD_BY_ID.get(id);
    if (!def) continue;
    names[id] = def.name;
    schema[id] = { ...def.schema };
  }
  if (wantNames) body.names = names;
  if (wantSchema) body.schema = schema;
}

/** `JsonTypeBean` as Jira reports it (a copy, so callers may not corrupt the catalog). */
export function fieldSchemaBean(field: FieldDef): Record<string, unknown> {
  return { ...field.schema };
}

/** `FieldDetails` as `GET /field` lists it. */
export function fieldDetailsBean(field: FieldDef): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    id: field.id,
    key: field.id,
    name: field.name,
    custom: field.custom,
    orderable: field.orderable,
    navigable: field.navigable,
    searchable: field.searchable,
    clauseNames: field.clauseNames,
    schema: fieldSchemaBean(field),
  };
  return bean;
}

/**
 * Resolves Jira's `fields` parameter (`*all`, `*navigable`, ids, `-id` exclusions) to the ordered
 * set of ids to emit. Only exclusions keep the default base; any positive id without a `*` token
 * narrows the result to the ids named, as Jira does.
 */
export function resolveFieldSelection(
  requested: readonly string[] | undefined,
  fallback: "*all" | "*navigable",
): Set<string> {
  const tokens = requested && requested.length > 0 ? requested : [fallback];
  const out = new Set<string>();
  const excluded = new Set<string>();
  let base: "*all" | "*navigable" | null = null;
  let positives = 0;
  for (const raw of tokens) {
    const t = raw.trim();
    if (t === "") continue;
    if (t === "*all") base = "*all";
    else if (t === "*navigable") base = base === "*all" ? base : "*navigable";
    else if (t.startsWith("-")) excluded.add(t.slice(1));
    else {
      positives++;
      out.add(t);
    }
  }
  if (base === null && positives === 0) base = fallback;
  if (base !== null) {
    const ids = base === "*all" ? ALL_FIELD_IDS : NAVIGABLE_FIELD_IDS;
    const merged = new Set<string>(ids);
    for (const id of out) merged.add(id);
    for (const id of excluded) merged.delete(id);
    return merged;
  }
  for (const id of excluded) out.delete(id);
  return out;
}
