import { seededRandom } from "../seed/prng.js";
import type {
  AdfDoc,
  AdfNode,
  ConfluenceAttachment,
  ConfluenceLabel,
  ContentVersion,
  FooterComment,
  Page,
  Space,
  User,
} from "../state/model.js";
import { Store } from "../state/store.js";

/**
 * A deterministic Confluence store for the CQL tests: three spaces with page trees three levels
 * deep, labels, footer comments (with replies), attachments, drafts and trashed pages, and dates
 * spread over the year before FIXTURE_NOW. Random content comes from a seeded PRNG; a few
 * "anchor" pages have fixed titles, bodies and dates so tests can assert on exact results.
 */

/** Wednesday 2025-06-18 15:30 UTC. */
export const FIXTURE_NOW = Date.UTC(2025, 5, 18, 15, 30);
const DAY = 86_400_000;
const HOUR = 3_600_000;

export const VOCABULARY = [
  "alpha",
  "backup",
  "budget",
  "cache",
  "database",
  "deploy",
  "design",
  "gamma",
  "hiring",
  "incident",
  "kafka",
  "latency",
  "metrics",
  "migration",
  "onboarding",
  "planning",
  "quarterly",
  "restore",
  "retro",
  "review",
  "roadmap",
  "security",
  "sprint",
  "staging",
];

export const USERS = {
  alice: "557058:a11ce000-0000-4000-8000-000000000001",
  bob: "557058:b0b00000-0000-4000-8000-000000000002",
  carol: "5b10ac8d82e05b22cc7d4ef5",
} as const;

export interface CqlFixture {
  store: Store;
  now: number;
  spaces: { dev: Space; ops: Space; personal: Space };
  /** Every page per space key, current or not, in creation order. */
  pagesBySpace: Record<string, Page[]>;
  anchors: {
    /** DEV level-1 page "Release Checklist", created 2025-01-15 10:30 UTC, edited 2025-03-01 09:00 by bob. */
    releaseChecklist: Page;
    /** Child of the release checklist, created 2025-01-15 23:59:30 UTC. */
    stagingSteps: Page;
    /** OPS level-1 page, last edited two hours before FIXTURE_NOW. */
    incidentRunbook: Page;
    draft: Page;
    trashed: Page;
    trashedComment: FooterComment;
    /** A comment on the trashed page: not searchable because its page is not. */
    commentOnTrashed: FooterComment;
    attachmentOnTrashed: ConfluenceAttachment;
  };
  labels: Record<string, ConfluenceLabel>;
}

function user(accountId: string, name: string, displayName: string): User {
  return {
    accountId,
    name,
    key: `key-${name}`,
    displayName,
    emailAddress: `${name}@example.com`,
    active: true,
    timeZone: "UTC",
    locale: "en_US",
    accountType: "atlassian",
    groups: ["confluence-users"],
    siteAdmin: false,
    canEdit: true,
  };
}

function text(t: string, marks?: AdfNode["marks"]): AdfNode {
  return marks ? { type: "text", text: t, marks } : { type: "text", text: t };
}

function paragraph(...content: AdfNode[]): AdfNode {
  return { type: "paragraph", content };
}

function doc(...content: AdfNode[]): AdfDoc {
  return { type: "doc", version: 1, content };
}

export function buildCqlFixture(seed = 20250618): CqlFixture {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const store = new Store();
  const now = FIXTURE_NOW;
  const userIds = Object.values(USERS);

  store.users.set(USERS.alice, user(USERS.alice, "alice", "Alice Example"));
  store.users.set(USERS.bob, user(USERS.bob, "bob", "Bob Builder"));
  store.users.set(USERS.carol, user(USERS.carol, "carol", "Carol Danvers"));

  const labels: Record<string, ConfluenceLabel> = {};
  const addLabel = (prefix: ConfluenceLabel["prefix"], name: string): ConfluenceLabel => {
    const label: ConfluenceLabel = { id: String(store.nextId("label", 5000)), name, prefix };
    store.confluenceLabels.set(label.id, label);
    labels[prefix === "global" ? name : `${prefix}:${name}`] = label;
    return label;
  };
  for (const name of ["release", "howto", "architecture", "meeting-notes", "runbook"])
    addLabel("global", name);
  addLabel("my", "favourite");
  addLabel("team", "engineering");
  const globalLabels = ["release", "howto", "architecture", "meeting-notes", "runbook"].map((n) => labels[n]);

  const randomWords = (n: number): string[] => Array.from({ length: n }, () => pick(VOCABULARY));
  const titleCase = (w: string): string => w[0].toUpperCase() + w.slice(1);

  /** A random body: paragraphs, sometimes a heading, a list, marks splitting a word, a mention. */
  const randomBody = (): AdfDoc => {
    const blocks: AdfNode[] = [];
    if (rand() < 0.3)
      blocks.push({ type: "heading", attrs: { level: 2 }, content: [text(titleCase(pick(VOCABULARY)))] });
    for (let p = int(1, 3); p > 0; p--) {
      const ws = randomWords(int(3, 8));
      if (rand() < 0.3) {
        const w = ws.pop()!;
        const cut = int(1, w.length - 1);
        blocks.push(
          paragraph(
            text(`${ws.join(" ")} ${w.slice(0, cut)}`),
            text(w.slice(cut), [{ type: "strong" }]),
            text("."),
          ),
        );
      } else {
        blocks.push(paragraph(text(`${titleCase(ws.join(" "))}.`)));
      }
    }
    if (rand() < 0.25) {
      blocks.push({
        type: "bulletList",
        content: randomWords(2).map((w) => ({ type: "listItem", content: [paragraph(text(w))] })),
      });
    }
    if (rand() < 0.2) {
      blocks.push(
        paragraph(text("ping "), { type: "mention", attrs: { id: USERS.carol, text: "@Carol Danvers" } }),
      );
    }
    return doc(...blocks);
  };

  /** A random instant in the year before `now`, at least two days old, never on 2025-01-15 (anchor day). */
  const randomPast = (min = now - 365 * DAY, max = now - 2 * DAY): number => {
    let t = Math.floor(min + rand() * (max - min));
    if (new Date(t).toISOString().startsWith("2025-01-15")) t += 2 * DAY;
    return Math.min(t, max);
  };

  const versionsFor = (
    title: string,
    createdAt: number,
    firstAuthor: string,
    body: () => AdfDoc,
  ): ContentVersion[] => {
    const count = int(1, 3);
    const versions: ContentVersion[] = [];
    let t = createdAt;
    for (let n = 1; n <= count; n++) {
      const last = n === count;
      versions.push({
        number: n,
        message: "",
        minorEdit: false,
        authorId: n === 1 ? firstAuthor : pick(userIds),
        createdAt: t,
        title: last ? title : `${title} draft ${n}`,
        // Earlier versions carry a word the current one never has, to prove only the current version is searched.
        body: last ? body() : doc(paragraph(text(`obsolete wording zyzzyva ${n}`))),
      });
      t = randomPast(t + HOUR, now - 2 * DAY);
    }
    return versions;
  };

  const addSpace = (
    key: string,
    name: string,
    type: Space["type"],
    description: string,
    authorId: string,
  ): Space => {
    const space: Space = {
      id: String(store.nextId("space", 65000)),
      key,
      name,
      type,
      status: "current",
      description,
      homepageId: null,
      authorId,
      createdAt: randomPast(now - 400 * DAY, now - 366 * DAY),
      labelIds: [],
    };
    store.spaces.set(space.id, space);
    return space;
  };

  const dev = addSpace(
    "DEV",
    "Developer Hub",
    "global",
    "Engineering handbook and release notes",
    USERS.alice,
  );
  dev.labelIds.push(labels["team:engineering"].id);
  const ops = addSpace("OPS", "Operations Runbooks", "global", "How we keep production healthy", USERS.bob);
  const personal = addSpace("~alice", "Alice Example", "personal", "Scratch notes", USERS.alice);

  const pagesBySpace: Record<string, Page[]> = { DEV: [], OPS: [], "~alice": [] };
  const addPage = (
    space: Space,
    parent: Page | null,
    opts: {
      title?: string;
      createdAt?: number;
      author?: string;
      body?: AdfDoc;
      status?: Page["status"];
      versions?: ContentVersion[];
    } = {},
  ): Page => {
    const title = opts.title ?? `${titleCase(pick(VOCABULARY))} ${pick(VOCABULARY)} ${int(1, 99)}`;
    const createdAt = opts.createdAt ?? randomPast();
    const author = opts.author ?? pick(userIds);
    const page: Page = {
      id: String(store.nextId("content", 100000)),
      spaceId: space.id,
      parentId: parent?.id ?? null,
      status: opts.status ?? "current",
      ownerId: author,
      authorId: author,
      createdAt,
      versions: opts.versions ?? versionsFor(title, createdAt, author, () => opts.body ?? randomBody()),
      labelIds: [],
      position: pagesBySpace[space.key].length,
    };
    if (!opts.title && rand() < 0.5) page.labelIds.push(pick(globalLabels).id);
    if (!opts.title && rand() < 0.2) {
      const second = pick(globalLabels).id;
      if (!page.labelIds.includes(second)) page.labelIds.push(second);
    }
    if (!opts.title && rand() < 0.1) page.labelIds.push(labels["my:favourite"].id);
    store.pages.set(page.id, page);
    pagesBySpace[space.key].push(page);
    return page;
  };

  let releaseChecklist: Page | undefined;
  let stagingSteps: Page | undefined;
  let incidentRunbook: Page | undefined;
  for (const space of [dev, ops, personal]) {
    const home = addPage(space, null, { title: `${space.name} Home` });
    space.homepageId = home.id;
    for (let i = 0; i < 3; i++) {
      let level1: Page;
      if (space === dev && i === 0) {
        const created = Date.UTC(2025, 0, 15, 10, 30);
        const body = doc(
          { type: "heading", attrs: { level: 1 }, content: [text("Release checklist")] },
          paragraph(
            text("Deploy the "),
            text("release candidate", [{ type: "strong" }]),
            text(" to staging before Friday."),
          ),
          paragraph(text("Owner: "), { type: "mention", attrs: { id: USERS.bob, text: "@Bob Builder" } }),
        );
        level1 = addPage(space, home, {
          title: "Release Checklist",
          createdAt: created,
          author: USERS.alice,
          versions: [
            {
              number: 1,
              message: "",
              minorEdit: false,
              authorId: USERS.alice,
              createdAt: created,
              title: "Release list",
              body: doc(paragraph(text("obsolete wording zyzzyva"))),
            },
            {
              number: 2,
              message: "",
              minorEdit: false,
              authorId: USERS.bob,
              createdAt: Date.UTC(2025, 2, 1, 9, 0),
              title: "Release Checklist",
              body,
            },
          ],
        });
        level1.labelIds.push(labels.release.id, labels.howto.id);
        releaseChecklist = level1;
      } else if (space === ops && i === 0) {
        const created = Date.UTC(2024, 10, 3, 8, 0);
        const body = doc(
          paragraph(text("When an incident starts, page the on-call engineer and open a bridge.")),
        );
        level1 = addPage(space, home, {
          title: "Incident Response Runbook",
          createdAt: created,
          author: USERS.carol,
          versions: [
            {
              number: 1,
              message: "",
              minorEdit: false,
              authorId: USERS.carol,
              createdAt: now - 2 * HOUR,
              title: "Incident Response Runbook",
              body,
            },
          ],
        });
        level1.labelIds.push(labels.runbook.id);
        incidentRunbook = level1;
      } else {
        level1 = addPage(space, home);
      }
      for (let j = 0; j < 2; j++) {
        let level2: Page;
        if (space === dev && i === 0 && j === 0) {
          level2 = addPage(space, level1, {
            title: "Staging Deploy Steps",
            createdAt: Date.UTC(2025, 0, 15, 23, 59, 30),
            author: USERS.bob,
            body: doc(paragraph(text("Run the smoke tests, then flip the feature flag for staging users."))),
          });
          stagingSteps = level2;
        } else {
          level2 = addPage(space, level1);
        }
        addPage(space, level2);
      }
    }
  }

  const draft = addPage(dev, releaseChecklist!, { title: "Unpublished Release Ideas", status: "draft" });
  const trashed = addPage(ops, incidentRunbook!, { title: "Old Incident Runbook", status: "trashed" });
  addPage(personal, null, { title: "Archived Thoughts", status: "archived" });

  const addComment = (
    page: Page,
    parent: FooterComment | null,
    status: FooterComment["status"] = "current",
  ) => {
    const createdAt = randomPast(page.createdAt, now - 2 * DAY);
    const author = pick(userIds);
    const comment: FooterComment = {
      id: String(store.nextId("content", 100000)),
      pageId: page.id,
      parentCommentId: parent?.id ?? null,
      status,
      authorId: author,
      createdAt,
      versions: versionsFor(`Re: ${page.versions.at(-1)!.title}`, createdAt, author, randomBody),
    };
    store.footerComments.set(comment.id, comment);
    return comment;
  };

  const addAttachment = (page: Page): ConfluenceAttachment => {
    const n = store.nextId("content", 100000);
    const isImage = rand() < 0.5;
    const attachment: ConfluenceAttachment = {
      id: `att${n}`,
      fileId: `file-${n.toString(16)}`,
      pageId: page.id,
      title: isImage
        ? `${pick(VOCABULARY)}-diagram-${n}.png`
        : `${titleCase(pick(VOCABULARY))} notes ${n}.pdf`,
      mediaType: isImage ? "image/png" : "application/pdf",
      comment: rand() < 0.6 ? randomWords(int(1, 4)).join(" ") : "",
      authorId: pick(userIds),
      createdAt: randomPast(page.createdAt, now - 2 * DAY),
      version: 1,
      content: Buffer.from(`attachment ${n}`),
    };
    store.confluenceAttachments.set(attachment.id, attachment);
    return attachment;
  };

  let trashedComment: FooterComment | undefined;
  for (const page of [...store.pages.values()]) {
    if (page.status !== "current") continue;
    if (rand() < 0.4) {
      const top = addComment(page, null);
      if (rand() < 0.5) addComment(page, top);
      if (!trashedComment && rand() < 0.3) trashedComment = addComment(page, null, "trashed");
    }
    if (rand() < 0.3) addAttachment(page);
  }
  if (!trashedComment) trashedComment = addComment(releaseChecklist!, null, "trashed");
  const commentOnTrashed = addComment(trashed, null);
  const attachmentOnTrashed = addAttachment(trashed);

  return {
    store,
    now,
    spaces: { dev, ops, personal },
    pagesBySpace,
    anchors: {
      releaseChecklist: releaseChecklist!,
      stagingSteps: stagingSteps!,
      incidentRunbook: incidentRunbook!,
      draft,
      trashed,
      trashedComment,
      commentOnTrashed,
      attachmentOnTrashed,
    },
    labels,
  };
}
