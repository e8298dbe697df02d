import { describe, expect, it } from "vitest";
import type { Issue } from "../state/model.js";
import { JqlError } from "./errors.js";
import { compileJql, type JqlEnv, searchIssues } from "./evaluate.js";
import { parseJql } from "./parser.js";
import { adf, buildFixture } from "./test-fixture.js";

const DAY = 86_400_000;
const f = buildFixture();
const env: JqlEnv = { store: f.store, currentUserId: "acc-alice", now: f.now };
const total = f.issues.length;

function keys(jql: string, e: JqlEnv = env): string[] {
  return searchIssues(jql, e)
    .map((i) => i.key)
    .sort();
}

function expected(pred: (issue: Issue) => boolean): string[] {
  return f.issues
    .filter(pred)
    .map((i) => i.key)
    .sort();
}

/** Asserts the query selects exactly the issues the predicate does, and that the case is not vacuous. */
function same(jql: string, pred: (issue: Issue) => boolean, e: JqlEnv = env): void {
  const want = expected(pred);
  expect(want.length, `vacuous expectation for ${jql}`).toBeGreaterThan(0);
  expect(want.length, `expectation matches everything for ${jql}`).toBeLessThan(total);
  expect(keys(jql, e), jql).toEqual(want);
}

function jqlError(jql: string, e: JqlEnv = env): string {
  try {
    searchIssues(jql, e);
  } catch (err) {
    expect(err).toBeInstanceOf(JqlError);
    return (err as Error).message;
  }
  throw new Error(`expected a JqlError for ${jql}`);
}

const categoryOf = (i: Issue) => f.store.statuses.get(i.statusId)!.categoryId;
const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());

describe("project", () => {
  it("matches by key, id and name, case-insensitively", () => {
    same("project = BACKEND", (i) => i.projectId === "10000");
    same("project = backend", (i) => i.projectId === "10000");
    same("project = 10001", (i) => i.projectId === "10001");
    same('project = "Frontend App"', (i) => i.projectId === "10001");
    same("PROJECT in (BACKEND, OPS)", (i) => i.projectId !== "10001");
    same("project not in (BACKEND, OPS)", (i) => i.projectId === "10001");
    same("project != OPS", (i) => i.projectId !== "10002");
    expect(keys("project is EMPTY")).toEqual([]);
    expect(keys("project is not EMPTY")).toHaveLength(total);
  });

  it("rejects unknown values, also inside lists", () => {
    expect(jqlError("project = NOPE")).toBe("The value 'NOPE' does not exist for the field 'project'.");
    expect(jqlError("project in (BACKEND, NOPE)")).toBe(
      "The value 'NOPE' does not exist for the field 'project'.",
    );
  });

  it("rejects unsupported operators with Jira's message", () => {
    expect(jqlError("project ~ x")).toBe("The operator '~' is not supported by the 'project' field.");
    expect(jqlError("project > BACKEND")).toBe("The operator '>' is not supported by the 'project' field.");
  });
});

describe("key, issuekey and id", () => {
  const byKey = (k: string) => f.store.findIssue(k)!;

  it("matches by key, old key and id", () => {
    expect(keys("key = BACKEND-3")).toEqual(["BACKEND-3"]);
    expect(keys("issuekey = backend-3")).toEqual(["BACKEND-3"]);
    expect(keys("key = OLDOPS-7")).toEqual(["OPS-1"]);
    expect(keys(`id = ${byKey("OPS-2").id}`)).toEqual(["OPS-2"]);
    expect(keys("key in (BACKEND-1, FRONTEND-2)")).toEqual(["BACKEND-1", "FRONTEND-2"]);
    same("key != BACKEND-1", (i) => i.key !== "BACKEND-1");
    same("key not in (BACKEND-1, OPS-1)", (i) => i.key !== "BACKEND-1" && i.key !== "OPS-1");
  });

  it("compares keys within a project by number, and ids numerically", () => {
    same("key > BACKEND-50", (i) => i.key.startsWith("BACKEND-") && Number(i.key.split("-")[1]) > 50);
    same("key <= FRONTEND-9", (i) => i.key.startsWith("FRONTEND-") && Number(i.key.split("-")[1]) <= 9);
    same("key >= OPS-60", (i) => i.key.startsWith("OPS-") && Number(i.key.split("-")[1]) >= 60);
    const mid = byKey("OPS-30").id;
    same(`id < ${mid}`, (i) => Number(i.id) < Number(mid));
  });

  it("reports missing and malformed keys", () => {
    expect(jqlError("key = BACKEND-999")).toBe(
      "An issue with key 'BACKEND-999' does not exist for field 'key'.",
    );
    expect(jqlError("issuekey in (BACKEND-1, X-9)")).toBe(
      "An issue with key 'X-9' does not exist for field 'issuekey'.",
    );
    expect(jqlError("key = foo")).toBe("The issue key 'foo' for field 'key' is invalid.");
    expect(jqlError("id = 1")).toBe("An issue with key '1' does not exist for field 'id'.");
    expect(jqlError("key > NOPE-1")).toBe("An issue with key 'NOPE-1' does not exist for field 'key'.");
    expect(jqlError("key ~ BACKEND-1")).toBe("The operator '~' is not supported by the 'key' field.");
  });
});

describe("issuetype, status, statusCategory, priority, resolution", () => {
  it("issuetype by name, id, alias and functions", () => {
    same("issuetype = Bug", (i) => i.issueTypeId === "10003");
    same("type = 'sub-task'", (i) => i.issueTypeId === "10004");
    same("issuetype in (10000, Story)", (i) => i.issueTypeId === "10000" || i.issueTypeId === "10001");
    same("issuetype in standardIssueTypes()", (i) => i.issueTypeId !== "10004");
    same("issuetype in subTaskIssueTypes()", (i) => i.issueTypeId === "10004");
    expect(jqlError("issuetype = Feature")).toBe(
      "The value 'Feature' does not exist for the field 'issuetype'.",
    );
  });

  it("status by name or id", () => {
    same('status = "In Progress"', (i) => i.statusId === "10001");
    same("status in (10000, 'in review')", (i) => i.statusId === "10000" || i.statusId === "10002");
    same("status != Done", (i) => i.statusId !== "10003");
    expect(jqlError("status = Nope")).toBe("The value 'Nope' does not exist for the field 'status'.");
  });

  it("statusCategory by name, key or id", () => {
    same('statusCategory = "In Progress"', (i) => categoryOf(i) === 4);
    same("statusCategory = indeterminate", (i) => categoryOf(i) === 4);
    same("statusCategory in (new, 3)", (i) => categoryOf(i) === 2 || categoryOf(i) === 3);
    same("statusCategory != Done", (i) => categoryOf(i) !== 3);
    expect(jqlError("statusCategory = Blocked")).toBe(
      "The value 'Blocked' does not exist for the field 'statusCategory'.",
    );
  });

  it("priority by name and by rank with relational operators", () => {
    same("priority = High", (i) => i.priorityId === "2");
    same("priority in (Highest, 5)", (i) => i.priorityId === "1" || i.priorityId === "5");
    same("priority > Medium", (i) => Number(i.priorityId) < 3);
    same("priority >= Medium", (i) => Number(i.priorityId) <= 3);
    same("priority < High", (i) => Number(i.priorityId) > 2);
    same("priority <= Low", (i) => Number(i.priorityId) >= 4);
    expect(jqlError("priority = Urgent")).toBe("The value 'Urgent' does not exist for the field 'priority'.");
    expect(jqlError("priority > EMPTY")).toBe(
      "Operator '>' does not support the empty value for field 'priority'.",
    );
  });

  it("resolution by name, id, Unresolved and EMPTY", () => {
    same("resolution = Unresolved", (i) => i.resolutionId === null);
    same("resolution is EMPTY", (i) => i.resolutionId === null);
    same("resolution is not EMPTY", (i) => i.resolutionId !== null);
    same("resolution != Unresolved", (i) => i.resolutionId !== null);
    same('resolution = "Won\'t Do"', (i) => i.resolutionId === "10001");
    same("resolution in (10002, Unresolved)", (i) => i.resolutionId === "10002" || i.resolutionId === null);
    same("resolution != Done", (i) => i.resolutionId !== null && i.resolutionId !== "10000");
    expect(jqlError("resolution = Fixed")).toBe(
      "The value 'Fixed' does not exist for the field 'resolution'.",
    );
  });
});

describe("users: assignee, reporter, creator, watcher", () => {
  it("resolves accountId, username, user key and email", () => {
    same("assignee = acc-bob", (i) => i.assigneeId === "acc-bob");
    same("assignee = bob", (i) => i.assigneeId === "acc-bob");
    same("assignee = key-bob", (i) => i.assigneeId === "acc-bob");
    same('assignee = "BOB@example.com"', (i) => i.assigneeId === "acc-bob");
    same("reporter = carol", (i) => i.reporterId === "acc-carol");
    same("creator in (alice, dave)", (i) => i.creatorId === "acc-alice" || i.creatorId === "acc-dave");
    same("watcher = bob", (i) => i.watcherIds.includes("acc-bob"));
  });

  it("supports currentUser() and membersOf()", () => {
    same("assignee = currentUser()", (i) => i.assigneeId === "acc-alice");
    same(
      "reporter in (currentUser(), bob)",
      (i) => i.reporterId === "acc-alice" || i.reporterId === "acc-bob",
    );
    same("assignee in membersOf(developers)", (i) =>
      ["acc-alice", "acc-bob", "acc-dave"].includes(i.assigneeId ?? ""),
    );
    expect(keys("assignee = currentUser()", { ...env, currentUserId: null })).toEqual([]);
    expect(jqlError('assignee in membersOf("nobody")')).toContain("the group does not exist");
  });

  it("applies Jira's EMPTY rules: != and NOT IN never match unassigned issues", () => {
    same("assignee is EMPTY", (i) => i.assigneeId === null);
    same("assignee = EMPTY", (i) => i.assigneeId === null);
    same("assignee is not null", (i) => i.assigneeId !== null);
    same("assignee != EMPTY", (i) => i.assigneeId !== null);
    same("assignee != bob", (i) => i.assigneeId !== null && i.assigneeId !== "acc-bob");
    same("assignee in (bob, EMPTY)", (i) => i.assigneeId === null || i.assigneeId === "acc-bob");
    same("assignee not in (bob, EMPTY)", (i) => i.assigneeId !== null && i.assigneeId !== "acc-bob");
    same("NOT assignee = bob", (i) => i.assigneeId !== "acc-bob");
  });

  it("rejects unknown users and wrong function types", () => {
    expect(jqlError("assignee = zed")).toBe("The value 'zed' does not exist for the field 'assignee'.");
    expect(jqlError("reporter in (bob, zed)")).toBe(
      "The value 'zed' does not exist for the field 'reporter'.",
    );
    expect(jqlError("assignee = now()")).toBe(
      "A value provided by the function 'now' is invalid for the field 'assignee'.",
    );
    expect(jqlError("project = currentUser()")).toBe(
      "A value provided by the function 'currentUser' is invalid for the field 'project'.",
    );
  });
});

describe("labels, component, fixVersion", () => {
  it("labels match case-insensitively and != excludes unlabelled issues", () => {
    same("labels = urgent", (i) => i.labels.includes("urgent"));
    same("labels = customer", (i) => i.labels.includes("Customer"));
    same("labels in (security, 'tech-debt')", (i) =>
      i.labels.some((l) => l === "security" || l === "tech-debt"),
    );
    same("labels is EMPTY", (i) => i.labels.length === 0);
    same("labels is not EMPTY", (i) => i.labels.length > 0);
    same("labels != urgent", (i) => i.labels.length > 0 && !i.labels.includes("urgent"));
    same(
      "labels not in (urgent, backend)",
      (i) => i.labels.length > 0 && !lower(i.labels).some((l) => l === "urgent" || l === "backend"),
    );
    expect(keys("labels = no-such-label")).toEqual([]);
  });

  it("labels refuse text search", () => {
    expect(jqlError("labels ~ x")).toBe("The operator '~' is not supported by the 'labels' field.");
  });

  it("component by name (across projects) or id", () => {
    same("component = API", (i) => i.componentIds.includes("10100") || i.componentIds.includes("10103"));
    same("component = 10100", (i) => i.componentIds.includes("10100"));
    same(
      "component in (UI, Infra)",
      (i) => i.componentIds.includes("10102") || i.componentIds.includes("10104"),
    );
    same("component is EMPTY", (i) => i.componentIds.length === 0);
    same("component != Database", (i) => i.componentIds.length > 0 && !i.componentIds.includes("10101"));
    expect(jqlError("component = Mobile")).toBe(
      "The value 'Mobile' does not exist for the field 'component'.",
    );
  });

  it("fixVersion by name, id, functions and version order", () => {
    same('fixVersion = "1.0"', (i) => i.fixVersionIds.includes("10200") || i.fixVersionIds.includes("10203"));
    same("fixVersion = 10202", (i) => i.fixVersionIds.includes("10202"));
    same("fixVersion in releasedVersions()", (i) =>
      i.fixVersionIds.some((v) => ["10200", "10201", "10203"].includes(v)),
    );
    same("fixVersion in unreleasedVersions(BACKEND)", (i) => i.fixVersionIds.includes("10202"));
    same("fixVersion is EMPTY", (i) => i.fixVersionIds.length === 0);
    same("fixVersion > 1.1", (i) => i.fixVersionIds.includes("10202"));
    same("fixVersion <= 1.1", (i) => i.fixVersionIds.some((v) => v === "10200" || v === "10201"));
    expect(jqlError("fixVersion = 9.9")).toBe("The value '9.9' does not exist for the field 'fixVersion'.");
    expect(jqlError("fixVersion in releasedVersions(NOPE)")).toContain("'NOPE'");
  });
});

describe("sprint and parent", () => {
  const inAny = (ids: number[]) => (i: Issue) => i.sprintIds.some((s) => ids.includes(s));

  it("matches by sprint id, name and the cf[10020] alias", () => {
    same("sprint = 2", inAny([2]));
    same('sprint = "BE Sprint 2"', inAny([2]));
    same('sprint = "shared name"', inAny([6, 7]));
    same("cf[10020] in (1, 4)", inAny([1, 4]));
    same("sprint is EMPTY", (i) => i.sprintIds.length === 0);
    same("sprint != 2", (i) => i.sprintIds.length > 0 && !i.sprintIds.includes(2));
    expect(jqlError("sprint = 99")).toBe("The value '99' does not exist for the field 'sprint'.");
    expect(jqlError('sprint = "Nope"')).toBe("The value 'Nope' does not exist for the field 'sprint'.");
  });

  it("openSprints() covers active and future sprints, closedSprints() completed ones", () => {
    same("sprint in openSprints()", inAny([2, 3, 5, 6]));
    same("sprint in closedSprints()", inAny([1, 4, 7]));
    same("sprint in futureSprints()", inAny([3, 6]));
    same("sprint not in openSprints()", (i) => i.sprintIds.length > 0 && !inAny([2, 3, 5, 6])(i));
  });

  it("parent by key or id", () => {
    const epic = f.store.findIssue("BACKEND-1")!;
    same("parent = BACKEND-1", (i) => i.parentId === epic.id);
    same(
      `parent in (${epic.id}, FRONTEND-1)`,
      (i) => i.parentId === epic.id || i.parentId === f.store.findIssue("FRONTEND-1")!.id,
    );
    same("parent is EMPTY", (i) => i.parentId === null);
    expect(jqlError("parent = BACKEND-999")).toBe(
      "An issue with key 'BACKEND-999' does not exist for field 'parent'.",
    );
  });
});

describe("text search", () => {
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);

  it("summary ~ matches whole words, with simple plural stemming", () => {
    same("summary ~ login", (i) => words(i.summary).includes("login"));
    same("summary ~ report", (i) => words(i.summary).some((w) => w === "report" || w === "reports"));
    same("summary ~ reports", (i) => words(i.summary).some((w) => w === "report" || w === "reports"));
    same(
      'summary ~ "login timeout"',
      (i) => words(i.summary).includes("login") && words(i.summary).includes("timeout"),
    );
    same("summary !~ login", (i) => !words(i.summary).includes("login"));
  });

  it("supports trailing-wildcard prefixes and exact phrases", () => {
    same('summary ~ "tok*"', (i) => words(i.summary).some((w) => w.startsWith("tok")));
    same('summary ~ "\\"fix login\\""', (i) => /^fix login\b/i.test(i.summary));
  });

  it("searches description, environment, comments and all of them via text", () => {
    const docText = (i: Issue) => JSON.stringify(i.description ?? "").toLowerCase();
    same("description ~ dashboard", (i) => docText(i).includes("dashboard"));
    same("description is EMPTY", (i) => i.description === null);
    same("environment ~ linux", (i) => JSON.stringify(i.environment ?? "").includes("linux"));
    const commented = (word: string) => {
      const ids = new Set(
        [...f.store.comments.values()]
          .filter((c) => JSON.stringify(c.body).includes(word))
          .map((c) => c.issueId),
      );
      return (i: Issue) => ids.has(i.id);
    };
    same("comment ~ walrus", commented("walrus"));
    same("text ~ walrus", commented("walrus"));
    same("text ~ linux", (i) => JSON.stringify(i.environment ?? "").includes("linux"));
    same(
      "text ~ login",
      (i) => words(i.summary).includes("login") || docText(i).includes("login") || commented("login")(i),
    );
  });

  it("finds mention text inside ADF descriptions", () => {
    same('description ~ "Carol"', (i) => JSON.stringify(i.description ?? "").includes("@Carol Chen"));
  });

  it("sees edits to the issue after its text was cached", () => {
    const e = buildFixture(7, 30);
    const local: JqlEnv = { store: e.store, currentUserId: null, now: e.now };
    const issue = e.issues[5];
    expect(searchIssues("summary ~ pineapple", local)).toEqual([]);
    issue.summary = "Pineapple rollout";
    issue.description = adf("now mentions mango");
    issue.updated += 1;
    expect(searchIssues("summary ~ pineapple", local)).toEqual([issue]);
    expect(searchIssues("description ~ mango", local)).toEqual([issue]);
  });

  it("rejects ~ on non-text fields, = on text fields, and empty or wildcard-first queries", () => {
    expect(jqlError("summary = test")).toBe("The operator '=' is not supported by the 'summary' field.");
    expect(jqlError("text !~ x")).toBe("The operator '!~' is not supported by the 'text' field.");
    expect(jqlError('summary ~ ""')).toBe(
      "The field 'summary' does not support searching for an empty string.",
    );
    expect(jqlError('summary ~ "*port"')).toBe(
      "The text query '*port' for field 'summary' is not allowed to start with a wildcard.",
    );
  });
});

describe("dates", () => {
  const midnightIssue = f.issues.find((i) => i.created % DAY === 0 && i.created < f.now - 20 * DAY)!;
  const day = new Date(midnightIssue.created).toISOString().slice(0, 10);
  const dayMs = midnightIssue.created;

  it("treats a date without time as that day's midnight", () => {
    same(`created >= "${day}"`, (i) => i.created >= dayMs);
    same(`created > "${day}"`, (i) => i.created > dayMs);
    same(`created <= "${day}"`, (i) => i.created <= dayMs);
    same(`created < "${day}"`, (i) => i.created < dayMs);
    expect(keys(`created = "${day}"`)).toEqual(expected((i) => i.created === dayMs));
    expect(keys(`created = "${day}"`)).toContain(midnightIssue.key);
  });

  it("accepts slash dates and dates with a time", () => {
    const slash = day.replaceAll("-", "/");
    same(`created >= "${slash}"`, (i) => i.created >= dayMs);
    same(`createdDate < "${slash} 14:30"`, (i) => i.created < dayMs + 14.5 * 3_600_000);
    same(`created > '${day} 14:30'`, (i) => i.created > dayMs + 14.5 * 3_600_000);
  });

  it("reads date literals in the environment's time zone", () => {
    const ny: JqlEnv = { ...env, timeZone: "America/New_York" };
    // 2024-03-01 00:00 in New York (EST, UTC-5) is 05:00 UTC.
    const bound = Date.UTC(2024, 2, 1, 5);
    same('created >= "2024-03-01"', (i) => i.created >= bound, ny);
  });

  it("accepts relative periods: -1d, -2w, -4h, -30m, 1w 2d, and epoch millis", () => {
    same("created > -1w", (i) => i.created > f.now - 7 * DAY);
    same("created >= -2w", (i) => i.created >= f.now - 14 * DAY);
    same("updated > -4h", (i) => i.updated > f.now - 4 * 3_600_000);
    same("updated >= -30d", (i) => i.updated >= f.now - 30 * DAY);
    same('created < "-1w 2d"', (i) => i.created < f.now - 9 * DAY);
    same("updated > -1d", (i) => i.updated > f.now - DAY);
    same("updated > -30m", (i) => i.updated > f.now - 30 * 60_000);
    same(`created < ${dayMs}`, (i) => i.created < dayMs);
  });

  it("supports the date functions", () => {
    same("created >= startOfDay(-3)", (i) => i.created >= Date.UTC(2024, 5, 12));
    same('created >= startOfDay("-3d")', (i) => i.created >= Date.UTC(2024, 5, 12));
    same("created < startOfWeek()", (i) => i.created < Date.UTC(2024, 5, 9));
    same("created > endOfWeek(-2)", (i) => i.created > Date.UTC(2024, 5, 2) - 1);
    same("created >= startOfMonth(-1)", (i) => i.created >= Date.UTC(2024, 4, 1));
    same("created <= endOfMonth(-2M)", (i) => i.created <= Date.UTC(2024, 4, 1) - 1);
    same("created >= startOfYear()", (i) => i.created >= Date.UTC(2024, 0, 1));
    same(
      "updated >= startOfDay(-7) AND updated <= endOfDay(-1)",
      (i) => i.updated >= Date.UTC(2024, 5, 8) && i.updated < Date.UTC(2024, 5, 15),
    );
    same("updated < now()", (i) => i.updated < f.now);
    expect(keys("created > endOfYear()")).toEqual([]);
  });

  it("resolved covers only resolved issues and supports EMPTY", () => {
    same("resolved is EMPTY", (i) => i.resolutionDate === null);
    same("resolutionDate > -30d", (i) => i.resolutionDate !== null && i.resolutionDate > f.now - 30 * DAY);
    same("resolved != EMPTY", (i) => i.resolutionDate !== null);
  });

  it("duedate compares whole days", () => {
    same('duedate = "2024-06-20"', (i) => i.dueDate === "2024-06-20");
    same('due < "2024-06-15"', (i) => i.dueDate !== null && i.dueDate < "2024-06-15");
    same('duedate <= "2024/06/15 23:00"', (i) => i.dueDate !== null && i.dueDate <= "2024-06-15");
    same("duedate < now()", (i) => i.dueDate !== null && i.dueDate < "2024-06-15");
    same("duedate >= startOfDay()", (i) => i.dueDate !== null && i.dueDate >= "2024-06-15");
    same("duedate <= 3d", (i) => i.dueDate !== null && i.dueDate <= "2024-06-18");
    same("due is EMPTY", (i) => i.dueDate === null);
    same('duedate in ("2024-06-20", EMPTY)', (i) => i.dueDate === null || i.dueDate === "2024-06-20");
  });

  it("reports invalid dates and bad function arguments", () => {
    const formats =
      "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";
    expect(jqlError('created > "2024-02-30"')).toBe(
      `Date value '2024-02-30' for field 'created' is invalid. ${formats}`,
    );
    expect(jqlError("duedate < tomorrow")).toBe(
      `Date value 'tomorrow' for field 'duedate' is invalid. ${formats}`,
    );
    expect(jqlError('created > "2024-01-31 25:00"')).toContain("Date value '2024-01-31 25:00'");
    expect(jqlError('created > startOfDay("soon")')).toBe(
      "Duration for function 'startOfDay' should have the format (+/-)n(yMwdhm), e.g -1M for 1 month earlier.",
    );
    expect(jqlError("created > now(1)")).toBe("Function 'now' expected '0' arguments but received '1'.");
    expect(jqlError("created > startOfDay(1, 2)")).toBe(
      "Function 'startOfDay' expected between '0' and '1' arguments but received '2'.",
    );
    expect(jqlError("created > openSprints()")).toBe(
      "A value provided by the function 'openSprints' is invalid for the field 'created'.",
    );
  });
});

describe("story points", () => {
  it("compares numbers via its names and cf[10016]", () => {
    same('"Story Points" > 3', (i) => i.storyPoints !== null && i.storyPoints > 3);
    same("cf[10016] in (1, 2)", (i) => i.storyPoints === 1 || i.storyPoints === 2);
    same("'story point estimate' is EMPTY", (i) => i.storyPoints === null);
    expect(jqlError('"Story Points" = many')).toBe("The value 'many' for field 'Story Points' is invalid.");
  });
});

describe("operand shape and field errors", () => {
  it("uses Jira's messages for unknown fields, functions and misplaced operands", () => {
    expect(jqlError("universe = 42")).toBe(
      "Field 'universe' does not exist or you do not have permission to view it.",
    );
    expect(jqlError("cf[99999] = 1")).toBe(
      "Field 'cf[99999]' does not exist or you do not have permission to view it.",
    );
    expect(jqlError("assignee = foo()")).toBe("Unable to find JQL function 'foo()'.");
    expect(jqlError("summary in test")).toBe(
      "Operator 'in' does not support the non-list value '\"test\"' for field 'summary'.",
    );
    expect(jqlError("project = (A, B)")).toBe(
      "Operator '=' does not support the list value '(\"A\", \"B\")' for field 'project'.",
    );
    expect(jqlError("assignee is bob")).toBe(
      "Operator 'is' does not support the non-empty value '\"bob\"' for field 'assignee'.",
    );
    expect(jqlError("rank = 1")).toBe("The operator '=' is not supported by the 'rank' field.");
    expect(jqlError("status = Done ORDER BY foo")).toBe(
      "Field 'foo' does not exist or you do not have permission to view it.",
    );
    expect(jqlError("ORDER BY text")).toBe("Field 'text' does not support sorting.");
  });

  it("field names are case-insensitive", () => {
    same("STATUS = done AND Project = ops", (i) => i.statusId === "10003" && i.projectId === "10002");
  });
});

describe("logic", () => {
  it("combines clauses with AND, OR, NOT and parentheses", () => {
    const p = (i: Issue) => i.projectId === "10000";
    const s = (i: Issue) => i.statusId === "10003";
    const a = (i: Issue) => i.assigneeId === "acc-bob";
    same("project = BACKEND AND status = Done OR assignee = bob", (i) => (p(i) && s(i)) || a(i));
    same("project = BACKEND AND (status = Done OR assignee = bob)", (i) => p(i) && (s(i) || a(i)));
    same("NOT project = BACKEND AND status = Done", (i) => !p(i) && s(i));
    same("NOT (project = BACKEND AND status = Done)", (i) => !(p(i) && s(i)));
    same("project = BACKEND && !(status = Done || assignee = bob)", (i) => p(i) && !(s(i) || a(i)));
  });

  it("an empty query matches everything", () => {
    expect(keys("")).toHaveLength(total);
    expect(keys("ORDER BY key")).toHaveLength(total);
  });
});

describe("ORDER BY", () => {
  const order = (jql: string) => searchIssues(jql, env).map((i) => i.key);
  const byIdDesc = (a: Issue, b: Issue) => Number(b.id) - Number(a.id);
  const sorted = (pred: (i: Issue) => boolean, cmp: (a: Issue, b: Issue) => number) =>
    f.issues
      .filter(pred)
      .sort((a, b) => cmp(a, b) || byIdDesc(a, b))
      .map((i) => i.key);
  const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b);
  const num = (x: number, y: number) => x - y;
  const str = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

  it("defaults to created descending, then id descending", () => {
    expect(order("project = OPS")).toEqual(
      sorted(
        (i) => i.projectId === "10002",
        (a, b) => b.created - a.created,
      ),
    );
  });

  it("orders priority by rank, so DESC puts Highest first", () => {
    const res = searchIssues("project = BACKEND ORDER BY priority DESC", env);
    expect(res[0].priorityId).toBe("1");
    expect(res.map((i) => i.key)).toEqual(
      sorted(
        (i) => i.projectId === "10000",
        (a, b) => Number(a.priorityId) - Number(b.priorityId),
      ),
    );
  });

  it("orders keys by project then number, not as strings", () => {
    const res = order("project = BACKEND ORDER BY key ASC");
    expect(res.slice(0, 11)).toEqual(Array.from({ length: 11 }, (_, n) => `BACKEND-${n + 1}`));
    const all = order("ORDER BY issuekey");
    expect(all[0]).toBe("BACKEND-1");
    expect(all[all.length - 1]).toBe(`OPS-${f.store.projectCounters.get("OPS")}`);
  });

  it("orders status by name, then by a second key", () => {
    const name = (i: Issue) => f.store.statuses.get(i.statusId)!.name.toLowerCase();
    expect(order("ORDER BY status, created DESC")).toEqual(
      sorted(
        () => true,
        (a, b) => str(name(a), name(b)) || b.created - a.created,
      ),
    );
  });

  it("puts empty values last ascending and first descending", () => {
    const display = (i: Issue) =>
      i.assigneeId ? f.store.users.get(i.assigneeId)!.displayName.toLowerCase() : null;
    expect(order("ORDER BY assignee")).toEqual(
      sorted(
        () => true,
        (a, b) => nullsLast(display(a), display(b), str),
      ),
    );
    expect(order("ORDER BY duedate DESC")).toEqual(
      sorted(
        () => true,
        (a, b) => -nullsLast(a.dueDate, b.dueDate, str),
      ),
    );
  });

  it("orders by rank, sprint, updated, resolved, summary, id and story points", () => {
    expect(order("ORDER BY rank")).toEqual(
      sorted(
        () => true,
        (a, b) => str(a.rank, b.rank),
      ),
    );
    const lastSprint = (i: Issue) => i.sprintIds[i.sprintIds.length - 1] ?? null;
    expect(order("ORDER BY sprint DESC")).toEqual(
      sorted(
        () => true,
        (a, b) => -nullsLast(lastSprint(a), lastSprint(b), num),
      ),
    );
    expect(order("ORDER BY updated ASC")).toEqual(
      sorted(
        () => true,
        (a, b) => a.updated - b.updated,
      ),
    );
    expect(order("ORDER BY resolved")).toEqual(
      sorted(
        () => true,
        (a, b) => nullsLast(a.resolutionDate, b.resolutionDate, num),
      ),
    );
    expect(order("ORDER BY summary")).toEqual(
      sorted(
        () => true,
        (a, b) => str(a.summary.toLowerCase(), b.summary.toLowerCase()),
      ),
    );
    expect(order("ORDER BY id DESC")).toEqual(
      sorted(
        () => true,
        (a, b) => Number(b.id) - Number(a.id),
      ),
    );
    expect(order('ORDER BY "Story Points" ASC')).toEqual(
      sorted(
        () => true,
        (a, b) => nullsLast(a.storyPoints, b.storyPoints, num),
      ),
    );
  });

  it("accepts the other orderable fields", () => {
    for (const field of [
      "project",
      "issuetype",
      "statusCategory",
      "reporter",
      "creator",
      "resolution",
      "parent",
      "labels",
      "component",
      "fixVersion",
    ]) {
      expect(order(`ORDER BY ${field}`)).toHaveLength(total);
    }
  });

  it("compare() agrees with searchIssues' order", () => {
    const jql = "project in (BACKEND, FRONTEND) ORDER BY priority DESC, duedate";
    const compiled = compileJql(parseJql(jql), env);
    const manual = f.issues.filter(compiled.matches).sort(compiled.compare);
    expect(manual.map((i) => i.key)).toEqual(order(jql));
  });
});

describe("bounded", () => {
  const bounded = (jql: string) => compileJql(parseJql(jql), env).bounded;

  it("is false without a restriction and true with one", () => {
    expect(bounded("")).toBe(false);
    expect(bounded("ORDER BY created DESC")).toBe(false);
    expect(bounded("project = BACKEND")).toBe(true);
    expect(bounded("project = BACKEND ORDER BY created")).toBe(true);
    expect(bounded("assignee = currentUser() AND created > -1d")).toBe(true);
    expect(bounded("project = BACKEND OR assignee = bob")).toBe(true);
    expect(bounded("NOT status = Done")).toBe(true);
  });
});
