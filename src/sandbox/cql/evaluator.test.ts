import { describe, expect, it } from "vitest";
import type { Page } from "../state/model.js";
import { compareIds } from "./evaluator.js";
import { type CqlEnv, type CqlItem, compileCql, itemId, itemsOf, parseCql, searchContent } from "./index.js";
import { buildCqlFixture, USERS } from "./test-fixture.js";

const fx = buildCqlFixture();
const { store } = fx;
const { releaseChecklist, stagingSteps, incidentRunbook } = fx.anchors;
const DAY = 86_400_000;

const env = (currentUserId: string | null = null, now = fx.now): CqlEnv => ({ store, now, currentUserId });
const keyOf = (i: CqlItem) => `${i.kind}:${itemId(i)}`;
/** Result keys in result order. */
const run = (cql: string, user: string | null = null) => searchContent(cql, env(user)).map(keyOf);
/** Result keys as a sorted set, for comparing with a plain filter. */
const got = (cql: string, user: string | null = null) => run(cql, user).sort();
const all = itemsOf(store);
const where = (pred: (i: CqlItem) => boolean) => all.filter(pred).map(keyOf).sort();

// Plain accessors for building expectations.
const pageOf = (i: CqlItem): Page | undefined =>
  i.kind === "page"
    ? i.page
    : i.kind === "comment"
      ? store.pages.get(i.comment.pageId)
      : i.kind === "attachment"
        ? store.pages.get(i.attachment.pageId)
        : undefined;
const spaceKey = (i: CqlItem) =>
  i.kind === "space" ? i.space.key : store.spaces.get(pageOf(i)!.spaceId)!.key;
const createdOf = (i: CqlItem) =>
  i.kind === "page"
    ? i.page.createdAt
    : i.kind === "comment"
      ? i.comment.createdAt
      : i.kind === "attachment"
        ? i.attachment.createdAt
        : i.space.createdAt;
const modifiedOf = (i: CqlItem) =>
  i.kind === "page"
    ? i.page.versions.at(-1)!.createdAt
    : i.kind === "comment"
      ? i.comment.versions.at(-1)!.createdAt
      : createdOf(i);
const isUnder = (i: CqlItem, ancestorId: string): boolean => {
  let id: string | null =
    i.kind === "page" ? i.page.parentId : i.kind === "space" ? null : (pageOf(i)?.id ?? null);
  while (id !== null) {
    if (id === ancestorId) return true;
    id = store.pages.get(id)?.parentId ?? null;
  }
  return false;
};

describe("itemsOf", () => {
  it("lists spaces, current pages, and comments and attachments of current pages only", () => {
    const keys = new Set(all.map(keyOf));
    expect(all.filter((i) => i.kind === "space")).toHaveLength(3);
    expect(keys.has(`page:${releaseChecklist.id}`)).toBe(true);
    for (const hidden of [
      `page:${fx.anchors.draft.id}`,
      `page:${fx.anchors.trashed.id}`,
      `comment:${fx.anchors.trashedComment.id}`,
      `comment:${fx.anchors.commentOnTrashed.id}`,
      `attachment:${fx.anchors.attachmentOnTrashed.id}`,
    ]) {
      expect(keys.has(hidden), hidden).toBe(false);
    }
    expect(
      all.filter((i) => i.kind === "page").every((i) => i.kind === "page" && i.page.status === "current"),
    ).toBe(true);
    expect(all.some((i) => i.kind === "comment")).toBe(true);
    expect(all.some((i) => i.kind === "attachment")).toBe(true);
  });
});

describe("type", () => {
  it("selects each kind, lists and negations", () => {
    for (const kind of ["page", "comment", "attachment", "space"] as const) {
      expect(got(`type = ${kind}`)).toEqual(where((i) => i.kind === kind));
    }
    expect(got("type = blogpost")).toEqual([]);
    expect(got('type = "PAGE"')).toEqual(where((i) => i.kind === "page"));
    expect(got("type in (page, comment)")).toEqual(where((i) => i.kind === "page" || i.kind === "comment"));
    expect(got("type != page")).toEqual(where((i) => i.kind !== "page"));
    expect(got("type not in (page, space)")).toEqual(
      where((i) => i.kind === "comment" || i.kind === "attachment"),
    );
  });
});

describe("space fields", () => {
  it("matches by space key, case-insensitively, including the space itself", () => {
    const dev = where((i) => spaceKey(i) === "DEV");
    expect(got("space = DEV")).toEqual(dev);
    expect(got("space.key = dev")).toEqual(dev);
    expect(dev).toContain(`space:${fx.spaces.dev.id}`);
    expect(dev.some((k) => k.startsWith("comment:"))).toBe(true);
    expect(got('space = "~alice"')).toEqual(where((i) => spaceKey(i) === "~alice"));
    expect(got("space in (DEV, OPS)")).toEqual(where((i) => spaceKey(i) !== "~alice"));
    expect(got("space != DEV")).toEqual(where((i) => spaceKey(i) !== "DEV"));
    expect(got("space not in (DEV, OPS)")).toEqual(where((i) => spaceKey(i) === "~alice"));
    expect(got("space = NOPE")).toEqual([]);
  });

  it("supports space.id, space.type and space.title", () => {
    expect(got(`space.id = ${fx.spaces.ops.id}`)).toEqual(where((i) => spaceKey(i) === "OPS"));
    expect(got("space.type = personal")).toEqual(where((i) => spaceKey(i) === "~alice"));
    expect(got('space.title = "developer hub"')).toEqual(where((i) => spaceKey(i) === "DEV"));
    expect(got("space.title ~ runbook*")).toEqual(where((i) => spaceKey(i) === "OPS"));
    expect(got("space.title !~ runbook*")).toEqual(where((i) => spaceKey(i) !== "OPS"));
  });
});

describe("title", () => {
  it("= is an exact, case-insensitive match on the current title", () => {
    expect(got('title = "release checklist"')).toEqual([`page:${releaseChecklist.id}`]);
    expect(got('title = "\\"Release Checklist\\""')).toEqual([`page:${releaseChecklist.id}`]);
    expect(got('title = "Release"')).toEqual([]);
    expect(got('title = "Release list"')).toEqual([]); // an old version's title
    expect(got('title in ("Release Checklist", "Staging Deploy Steps")')).toEqual(
      [`page:${releaseChecklist.id}`, `page:${stagingSteps.id}`].sort(),
    );
    expect(got('title != "Release Checklist"')).toEqual(
      where((i) => keyOf(i) !== `page:${releaseChecklist.id}`),
    );
    expect(got('title not in ("Release Checklist")')).toEqual(got('title != "Release Checklist"'));
  });

  it("applies to comment titles, attachment file names and space names", () => {
    expect(got('title = "Developer Hub"')).toEqual([`space:${fx.spaces.dev.id}`]);
    const att = all.find((i) => i.kind === "attachment")!;
    expect(got(`title = "${att.kind === "attachment" && att.attachment.title}"`)).toContain(keyOf(att));
    expect(got('title ~ "re release checklist" and type = comment')).toEqual(
      where((i) => i.kind === "comment" && i.comment.pageId === releaseChecklist.id),
    );
  });

  it("~ matches words, prefixes and phrases; !~ negates", () => {
    // Only the checklist and the "Re: Release Checklist" comments on it have the word in their title.
    expect(got("title ~ checklist")).toEqual(
      where(
        (i) =>
          (i.kind === "page" && i.page.id === releaseChecklist.id) ||
          (i.kind === "comment" && i.comment.pageId === releaseChecklist.id),
      ),
    );
    expect(got('title ~ "deploy staging"')).toContain(`page:${stagingSteps.id}`);
    expect(got('title ~ "\\"steps deploy\\""')).toEqual([]);
    expect(got('title ~ "\\"deploy steps\\""')).toContain(`page:${stagingSteps.id}`);
    expect(got("title ~ check*")).toContain(`page:${releaseChecklist.id}`);
    expect(got("title ~ check")).not.toContain(`page:${releaseChecklist.id}`);
    expect(got("title !~ checklist")).toEqual(
      all
        .map(keyOf)
        .filter((k) => !got("title ~ checklist").includes(k))
        .sort(),
    );
  });
});

describe("text", () => {
  it("searches title and current body, including marks split mid-word and mentions", () => {
    expect(got('text ~ "release candidate" and type = page')).toEqual([`page:${releaseChecklist.id}`]);
    expect(got('text ~ "\\"candidate release\\""')).toEqual([]);
    expect(got('text ~ "friday"')).toEqual([`page:${releaseChecklist.id}`]);
    expect(got('text ~ "bob builder" and type = page')).toContain(`page:${releaseChecklist.id}`);
    expect(got("text ~ zyzzyva")).toEqual([]); // only old versions say it
    expect(got('text ~ "smoke flag" and type = page')).toEqual([`page:${stagingSteps.id}`]);
  });

  it("searches space descriptions and attachment comments", () => {
    expect(got('text ~ "production healthy"')).toEqual([`space:${fx.spaces.ops.id}`]);
    const att = all.find((i) => i.kind === "attachment" && i.attachment.comment !== "")!;
    const word = att.kind === "attachment" ? att.attachment.comment.split(" ")[0] : "";
    expect(got(`text ~ ${word} and type = attachment`)).toContain(keyOf(att));
  });

  it("!~ is the complement of ~", () => {
    const hit = new Set(got("text ~ deploy"));
    expect(hit.size).toBeGreaterThan(0);
    expect(got("text !~ deploy")).toEqual(where((i) => !hit.has(keyOf(i))));
  });
});

describe("label", () => {
  const hasLabel = (i: CqlItem, name: string, prefix?: string) => {
    const ids = i.kind === "page" ? i.page.labelIds : i.kind === "space" ? i.space.labelIds : [];
    return ids.some((id) => {
      const l = store.confluenceLabels.get(id)!;
      return l.name === name && (prefix === undefined || l.prefix === prefix);
    });
  };

  it("matches label names, case-insensitively, with optional prefixes", () => {
    const release = where((i) => hasLabel(i, "release"));
    expect(release).toContain(`page:${releaseChecklist.id}`);
    expect(got("label = release")).toEqual(release);
    expect(got('label = "RELEASE"')).toEqual(release);
    expect(got('label = "global:release"')).toEqual(release);
    expect(got('label = "my:release"')).toEqual([]);
    expect(got('label = "my:favourite"')).toEqual(where((i) => hasLabel(i, "favourite", "my")));
    expect(got("label = favourite")).toEqual(where((i) => hasLabel(i, "favourite")));
    expect(got("label = engineering")).toEqual([`space:${fx.spaces.dev.id}`]);
  });

  it("supports IN, NOT IN and !=", () => {
    const either = where((i) => hasLabel(i, "release") || hasLabel(i, "runbook"));
    expect(got("label in (release, runbook)")).toEqual(either);
    expect(got("label not in (release, runbook)")).toEqual(where((i) => !either.includes(keyOf(i))));
    expect(got("label != release")).toEqual(where((i) => !hasLabel(i, "release")));
    expect(got("label = release and label = howto")).toEqual(
      where((i) => hasLabel(i, "release") && hasLabel(i, "howto")),
    );
  });
});

describe("hierarchy: ancestor, parent, container", () => {
  it("ancestor finds descendants at any depth, with their comments and attachments", () => {
    const under = where((i) => isUnder(i, releaseChecklist.id));
    expect(under).toContain(`page:${stagingSteps.id}`);
    expect(under.length).toBeGreaterThanOrEqual(6);
    expect(got(`ancestor = ${releaseChecklist.id}`)).toEqual(under);
    expect(got(`ancestor = "${releaseChecklist.id}"`)).toEqual(under);
    const devHome = fx.spaces.dev.homepageId!;
    expect(got(`ancestor = ${devHome} and type = page`)).toEqual(
      where((i) => i.kind === "page" && spaceKey(i) === "DEV" && i.page.id !== devHome),
    );
    // Level 3 pages are three below the home page.
    expect(got(`ancestor = ${devHome} and type = page`)).toHaveLength(15);
    expect(got(`ancestor in (${releaseChecklist.id}, ${incidentRunbook.id})`)).toEqual(
      where((i) => isUnder(i, releaseChecklist.id) || isUnder(i, incidentRunbook.id)),
    );
    expect(got(`ancestor != ${releaseChecklist.id}`)).toEqual(where((i) => !isUnder(i, releaseChecklist.id)));
    expect(got("ancestor = 999999")).toEqual([]);
  });

  it("parent finds direct children; container finds comments and attachments of a page", () => {
    expect(got(`parent = ${releaseChecklist.id} and type = page`)).toEqual(
      where((i) => i.kind === "page" && i.page.parentId === releaseChecklist.id),
    );
    expect(got(`parent = ${releaseChecklist.id}`)).toEqual(
      where(
        (i) =>
          (i.kind === "page" && i.page.parentId === releaseChecklist.id) ||
          ((i.kind === "comment" || i.kind === "attachment") && pageOf(i)!.id === releaseChecklist.id),
      ),
    );
    expect(got(`parent not in (${releaseChecklist.id})`)).toEqual(
      where((i) => !got(`parent = ${releaseChecklist.id}`).includes(keyOf(i))),
    );
    expect(got(`container = ${releaseChecklist.id}`)).toEqual(
      where(
        (i) => (i.kind === "comment" || i.kind === "attachment") && pageOf(i)!.id === releaseChecklist.id,
      ),
    );
  });
});

describe("id and content", () => {
  it("match content ids of pages, comments and attachments, never spaces", () => {
    const comment = all.find((i) => i.kind === "comment")!;
    const att = all.find((i) => i.kind === "attachment")!;
    expect(got(`id = ${releaseChecklist.id}`)).toEqual([`page:${releaseChecklist.id}`]);
    expect(got(`content = "${itemId(comment)}"`)).toEqual([keyOf(comment)]);
    expect(got(`id = ${itemId(att)}`)).toEqual([keyOf(att)]);
    expect(got(`id in (${releaseChecklist.id}, ${itemId(att)})`)).toEqual(
      [`page:${releaseChecklist.id}`, keyOf(att)].sort(),
    );
    expect(got(`id = ${fx.spaces.dev.id}`)).toEqual([]);
    expect(got(`id != ${releaseChecklist.id}`)).toEqual(
      where((i) => keyOf(i) !== `page:${releaseChecklist.id}`),
    );
  });
});

describe("creator and contributor", () => {
  const creatorOf = (i: CqlItem) =>
    i.kind === "page"
      ? i.page.authorId
      : i.kind === "comment"
        ? i.comment.authorId
        : i.kind === "attachment"
          ? i.attachment.authorId
          : i.space.authorId;

  it("creator matches account ids, Data Center usernames and currentUser()", () => {
    const carol = where((i) => creatorOf(i) === USERS.carol);
    expect(carol.length).toBeGreaterThan(0);
    expect(got(`creator = ${USERS.carol}`)).toEqual(carol);
    expect(got(`creator = "${USERS.carol}"`)).toEqual(carol);
    expect(got("creator = carol")).toEqual(carol);
    expect(got("creator = currentUser()", USERS.carol)).toEqual(carol);
    expect(got("creator = currentUser()", null)).toEqual([]);
    expect(got("creator != currentUser()", USERS.carol)).toEqual(where((i) => creatorOf(i) !== USERS.carol));
    expect(got(`creator in (currentUser(), "${USERS.bob}")`, USERS.carol)).toEqual(
      where((i) => creatorOf(i) === USERS.carol || creatorOf(i) === USERS.bob),
    );
    expect(got("creator = nobody")).toEqual([]);
  });

  it("contributor includes every version author", () => {
    expect(got(`contributor = "${USERS.bob}" and title = "Release Checklist"`)).toEqual([
      `page:${releaseChecklist.id}`,
    ]);
    expect(got(`creator = "${USERS.bob}" and title = "Release Checklist"`)).toEqual([]);
    const contributed = where(
      (i) =>
        creatorOf(i) === USERS.alice ||
        (i.kind === "page" && i.page.versions.some((v) => v.authorId === USERS.alice)) ||
        (i.kind === "comment" && i.comment.versions.some((v) => v.authorId === USERS.alice)),
    );
    expect(got("contributor = currentUser()", USERS.alice)).toEqual(contributed);
  });
});

describe("dates", () => {
  const rc = `page:${releaseChecklist.id}`;
  const ss = `page:${stagingSteps.id}`;

  it("a day literal covers the whole day for every operator", () => {
    expect(got('created = "2025-01-15"')).toEqual([rc, ss].sort());
    expect(got("created = 2025/01/15")).toEqual([rc, ss].sort());
    expect(got('created != "2025-01-15"')).toEqual(where((i) => ![rc, ss].includes(keyOf(i))));
    const day = Date.UTC(2025, 0, 15);
    expect(got('created < "2025-01-15"')).toEqual(where((i) => createdOf(i) < day));
    expect(got('created <= "2025-01-15"')).toEqual(where((i) => createdOf(i) < day + DAY));
    expect(got('created > "2025-01-15"')).toEqual(where((i) => createdOf(i) >= day + DAY));
    expect(got('created >= "2025-01-15"')).toEqual(where((i) => createdOf(i) >= day));
    expect(got('created <= "2025-01-15"')).toContain(ss);
    expect(got('created > "2025-01-15"')).not.toContain(ss);
  });

  it("a minute literal covers that minute", () => {
    expect(got('created = "2025-01-15 10:30"')).toEqual([rc]);
    expect(got('created = "2025/01/15 23:59"')).toEqual([ss]);
    expect(got('created > "2025-01-15 10:30" and created < "2025-01-16"')).toEqual([ss]);
    expect(got('created >= "2025-01-15 10:30" and created <= "2025-01-15 10:30"')).toEqual([rc]);
  });

  it("lastmodified uses the current version's date", () => {
    expect(got('lastmodified = "2025-03-01 09:00"')).toContain(rc);
    expect(got('lastmodified = "2025-01-15" and type = page')).not.toContain(rc);
    expect(got("lastmodified > 2025-02-28")).toEqual(where((i) => modifiedOf(i) >= Date.UTC(2025, 2, 1)));
  });

  it("functions are evaluated against env.now", () => {
    expect(got('created > now("-4w")')).toEqual(where((i) => createdOf(i) > fx.now - 28 * DAY));
    expect(got('lastmodified >= now("-30d")')).toEqual(where((i) => modifiedOf(i) >= fx.now - 30 * DAY));
    expect(got("lastmodified >= startOfDay()")).toEqual([`page:${incidentRunbook.id}`]);
    expect(got("lastmodified <= endOfDay()")).toEqual(got("type in (page, comment, attachment, space)"));
    expect(got('lastmodified > endOfDay("-1d")')).toEqual([`page:${incidentRunbook.id}`]);
    expect(got("created >= startOfYear()")).toEqual(where((i) => createdOf(i) >= Date.UTC(2025, 0, 1)));
    expect(got('created >= startOfMonth("-2M")')).toEqual(where((i) => createdOf(i) >= Date.UTC(2025, 3, 1)));
    expect(got("lastmodified >= startOfWeek()")).toEqual(
      where((i) => modifiedOf(i) >= Date.UTC(2025, 5, 15)),
    );
    expect(got("created < now()")).toEqual(got("type != blogpost"));
    // The same query evaluated at another moment.
    const later = searchContent("lastmodified >= startOfDay()", env(null, fx.now + DAY)).map(keyOf);
    expect(later).toEqual([]);
  });
});

describe("logic", () => {
  it("AND, OR, NOT and parentheses combine like booleans, with NOT > AND > OR", () => {
    const isPage = (i: CqlItem) => i.kind === "page";
    const inDev = (i: CqlItem) => spaceKey(i) === "DEV";
    const isSpace = (i: CqlItem) => i.kind === "space";
    expect(got("type = page and space = DEV")).toEqual(where((i) => isPage(i) && inDev(i)));
    expect(got("type = page or space = DEV")).toEqual(where((i) => isPage(i) || inDev(i)));
    expect(got("not type = page")).toEqual(where((i) => !isPage(i)));
    expect(got("type = space or type = page and space = DEV")).toEqual(
      where((i) => isSpace(i) || (isPage(i) && inDev(i))),
    );
    expect(got("(type = space or type = page) and space = DEV")).toEqual(
      where((i) => (isSpace(i) || isPage(i)) && inDev(i)),
    );
    expect(got("not type = page and space = DEV")).toEqual(where((i) => !isPage(i) && inDev(i)));
    expect(got("not (type = page and space = DEV)")).toEqual(where((i) => !(isPage(i) && inDev(i))));
    expect(got("NOT NOT type = page")).toEqual(where(isPage));
  });
});

describe("ordering", () => {
  const items = (cql: string) => searchContent(cql, env());
  const titleOf = (i: CqlItem) =>
    i.kind === "page"
      ? i.page.versions.at(-1)!.title
      : i.kind === "comment"
        ? i.comment.versions.at(-1)!.title
        : i.kind === "attachment"
          ? i.attachment.title
          : i.space.name;

  it("defaults to lastmodified DESC, then id DESC", () => {
    const r = items("type in (page, comment)");
    for (let k = 1; k < r.length; k++) {
      const a = modifiedOf(r[k - 1]);
      const b = modifiedOf(r[k]);
      expect(a > b || (a === b && compareIds(itemId(r[k - 1]), itemId(r[k])) > 0)).toBe(true);
    }
    expect(keyOf(r[0])).toBe(`page:${incidentRunbook.id}`);
  });

  it("orders by title, case-insensitively, ascending or descending", () => {
    const asc = items("type = page order by title").map(titleOf);
    expect(asc).toEqual(
      [...asc].sort((a, b) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
      ),
    );
    expect(items("type = page order by title desc").map(titleOf)).toEqual([...asc].reverse());
  });

  it("orders by created, lastmodified, id, space and type", () => {
    const created = items("type = page order by created").map(createdOf);
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const modified = items("type = page order by lastmodified desc").map(modifiedOf);
    expect(modified).toEqual([...modified].sort((a, b) => b - a));
    const ids = items("type in (page, comment) order by id").map(itemId);
    expect(ids).toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
    const spaces = items("type = page order by space desc, title").map(spaceKey);
    expect(spaces).toEqual([...spaces].sort().reverse());
    const types = items("space = DEV order by type, id").map((i) => i.kind);
    expect(types).toEqual([...types].sort());
  });

  it("uses later keys and then the id to break ties", () => {
    const r = items("type in (page, attachment) order by type desc, created asc");
    const kinds = r.map((i) => i.kind);
    expect(kinds[0]).toBe("page");
    expect(kinds.at(-1)).toBe("attachment");
    const pages = r.filter((i) => i.kind === "page").map(createdOf);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    const byType = items("type = page order by type").map(itemId);
    expect(byType).toEqual([...byType].sort((a, b) => Number(a) - Number(b)));
  });

  it("compares ids numerically, numeric ids before prefixed ones", () => {
    expect(compareIds("9", "10")).toBeLessThan(0);
    expect(compareIds("010", "9")).toBeGreaterThan(0);
    expect(compareIds("100", "att1")).toBeLessThan(0);
    expect(compareIds("att2", "att10")).toBeGreaterThan(0); // plain string order for prefixed ids
    expect(compareIds("5", "5")).toBe(0);
  });
});

describe("compileCql", () => {
  it("exposes matches and compare for callers that page through items themselves", () => {
    const compiled = compileCql(parseCql("type = page and space = OPS order by title"), env());
    const hits = itemsOf(store).filter(compiled.matches).sort(compiled.compare);
    expect(hits.map(keyOf)).toEqual(run("type = page and space = OPS order by title"));
    expect(hits.every((i) => i.kind === "page")).toBe(true);
  });

  it("sees store changes made after an earlier compile", () => {
    const local = buildCqlFixture();
    const e: CqlEnv = { store: local.store, now: local.now, currentUserId: null };
    expect(searchContent('title = "Renamed Page"', e)).toEqual([]);
    const page = local.anchors.releaseChecklist;
    page.versions.push({ ...page.versions.at(-1)!, number: 3, title: "Renamed Page" });
    expect(searchContent('title = "Renamed Page"', e).map(keyOf)).toEqual([`page:${page.id}`]);
    page.status = "trashed";
    expect(searchContent('title = "Renamed Page"', e)).toEqual([]);
  });
});
