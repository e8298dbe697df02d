/**
 * The Confluence half of the demo seed: three team spaces and one personal space, each a page tree
 * with versions, labels, footer comments and attachments.
 */
import type { AdfNode, ContentVersion, Page, Space, User } from "../state/model.js";
import type { Store } from "../state/store.js";
import {
  bulletList,
  code,
  codeBlock,
  doc,
  heading,
  link,
  mention,
  orderedList,
  panel,
  paragraph,
  strong,
  table,
  text,
} from "./adf.js";
import {
  KIND_LABELS,
  PAGE_COMMENTS,
  type PageKind,
  type PageRow,
  PERSONAL_TREE,
  SPACES,
  VERSION_MESSAGES,
} from "./data-confluence.js";
import type { DemoPeople } from "./demo-users.js";
import { nextNumber, nextString } from "./ids.js";
import type { Rng } from "./prng.js";
import { DAY, HOUR, MINUTE, ymd } from "./time.js";

const JIRA_BROWSE = "https://acme-robotics.atlassian.net/browse";

interface BodyContext {
  rng: Rng;
  now: number;
  title: string;
  childTitles: string[];
  people: User[];
  issueKeys: string[];
}

interface SpacePlan {
  key: string;
  name: string;
  description: string;
  type: Space["type"];
  owner: User;
  labels: string[];
  tree: PageRow;
  createdAt: number;
}

export function seedDemoConfluence(store: Store, rng: Rng, now: number, people: DemoPeople): void {
  const issueKeys = [...store.issues.values()].filter((_, i) => i % 7 === 0).map((issue) => issue.key);
  const labelIds = new Map<string, string>();
  const labelId = (name: string) => {
    let id = labelIds.get(name);
    if (!id) {
      id = nextString(store, "confluenceLabel");
      store.confluenceLabels.set(id, { id, name, prefix: "global" });
      labelIds.set(name, id);
    }
    return id;
  };

  const plans: SpacePlan[] = SPACES.map((row, i) => ({
    key: row.key,
    name: row.name,
    description: row.description,
    type: "global",
    owner: people.byTeam[row.team][0] ?? people.admin,
    labels: row.labels,
    tree: row.tree,
    createdAt: now - (400 - i * 30) * DAY - rng.int(0, 12) * HOUR,
  }));
  const personalOwner = people.byTeam.backend[0] ?? people.admin;
  plans.push({
    // Cloud keys personal spaces by the owner's account id.
    key: `~${personalOwner.accountId.replace(/[^A-Za-z0-9]/g, "")}`,
    name: personalOwner.displayName,
    description: "",
    type: "personal",
    owner: personalOwner,
    labels: [],
    tree: PERSONAL_TREE,
    createdAt: now - 250 * DAY,
  });

  for (const plan of plans) {
    const space: Space = {
      id: nextString(store, "space"),
      key: plan.key,
      name: plan.name,
      type: plan.type,
      status: "current",
      description: plan.description,
      homepageId: null,
      authorId: plan.owner.accountId,
      createdAt: plan.createdAt,
      labelIds: plan.labels.map(labelId),
    };
    store.spaces.set(space.id, space);
    const authors = plan.type === "personal" ? [plan.owner] : people.staff;

    const addPage = (row: PageRow, parent: Page | null, position: number, depth: number): Page => {
      const title = row.title
        .replace("{owner}", plan.owner.displayName)
        .replace(/\{date:(\d+)\}/, (_, days: string) => ymd(now - Number(days) * DAY));
      const dated = /\{date:(\d+)\}/.exec(row.title);
      let createdAt: number;
      if (parent === null) createdAt = plan.createdAt + rng.int(1, 30) * MINUTE;
      else if (dated) createdAt = now - Number(dated[1]) * DAY + rng.int(4, 48) * HOUR;
      else createdAt = parent.createdAt + Math.floor(rng.next() * (now - parent.createdAt) * 0.4);
      createdAt = Math.max(createdAt, (parent?.createdAt ?? plan.createdAt) + MINUTE);
      createdAt = Math.min(createdAt, now - HOUR);

      const author = row.kind === "home" ? plan.owner : rng.pick(authors);
      const blocks = pageBody(row.kind, {
        rng,
        now,
        title,
        childTitles: (row.children ?? []).map((c) => c.title.replace("{owner}", plan.owner.displayName)),
        people: people.staff,
        issueKeys,
      });
      const versionCount = rng.int(1, 3);
      const versions: ContentVersion[] = [];
      let at = createdAt;
      for (let n = 1; n <= versionCount; n++) {
        if (n > 1) at += Math.floor(rng.next() * (now - at) * 0.5) + MINUTE;
        const keep = Math.max(1, Math.ceil((blocks.length * n) / versionCount));
        versions.push({
          number: n,
          message: n === 1 ? "" : rng.pick(VERSION_MESSAGES),
          minorEdit: n > 1 && rng.chance(0.4),
          authorId: n === 1 ? author.accountId : rng.pick(authors).accountId,
          createdAt: Math.min(at, now),
          title,
          body: doc(...blocks.slice(0, keep)),
        });
      }
      const labels = [...new Set([...(KIND_LABELS[row.kind] ?? []), ...(row.labels ?? [])])];
      const page: Page = {
        id: nextString(store, "page"),
        spaceId: space.id,
        parentId: parent?.id ?? null,
        status: "current",
        ownerId: author.accountId,
        authorId: author.accountId,
        createdAt,
        versions,
        labelIds: labels.map(labelId),
        position,
      };
      store.pages.set(page.id, page);
      if (parent === null) space.homepageId = page.id;

      seedFooterComments(store, rng, now, page, title, authors);
      if (rng.chance(depth === 0 ? 0 : 0.25)) seedPageAttachment(store, rng, now, page, row.kind, authors);
      (row.children ?? []).forEach((child, i) => {
        addPage(child, page, i, depth + 1);
      });
      return page;
    };
    addPage(plan.tree, null, 0, 0);
  }
}

function seedFooterComments(store: Store, rng: Rng, now: number, page: Page, title: string, authors: User[]) {
  if (!rng.chance(0.45)) return;
  const last = page.versions[page.versions.length - 1].createdAt;
  for (let i = rng.int(1, 3); i > 0; i--) {
    const top = addComment(store, rng, now, page, title, authors, null, last);
    if (rng.chance(0.35)) addComment(store, rng, now, page, title, authors, top.id, top.createdAt);
  }
}

function addComment(
  store: Store,
  rng: Rng,
  now: number,
  page: Page,
  title: string,
  authors: User[],
  parentCommentId: string | null,
  after: number,
) {
  const author = rng.pick(authors);
  const createdAt = Math.min(now, after + MINUTE + Math.floor(rng.next() * (now - after) * 0.5));
  const body =
    parentCommentId !== null && rng.chance(0.5)
      ? doc(paragraph("Good point, ", text("done", strong), "."))
      : doc(paragraph(rng.pick(PAGE_COMMENTS)));
  const comment = {
    id: nextString(store, "footerComment"),
    pageId: page.id,
    parentCommentId,
    status: "current" as const,
    authorId: author.accountId,
    createdAt,
    versions: [
      {
        number: 1,
        message: "",
        minorEdit: false,
        authorId: author.accountId,
        createdAt,
        title: `Re: ${title}`,
        body,
      },
    ],
  };
  store.footerComments.set(comment.id, comment);
  return comment;
}

function seedPageAttachment(
  store: Store,
  rng: Rng,
  now: number,
  page: Page,
  kind: PageKind,
  authors: User[],
) {
  const files: Array<{ title: string; mediaType: string; comment: string; content: string }> = [
    {
      title: "checklist.csv",
      mediaType: "text/csv",
      comment: "Checklist export",
      content:
        "step,owner,done\nAnnounce in #incidents,on-call,yes\nPause deploys,on-call,yes\nVerify dashboards,sre,no\n",
    },
    {
      title: "notes.txt",
      mediaType: "text/plain",
      comment: "Raw notes",
      content: `Notes for ${kind} page\n- follow up with the team\n- update the diagram\n`,
    },
    {
      title: "timeline.log",
      mediaType: "text/plain",
      comment: "Timeline from the incident channel",
      content: `${ymd(page.createdAt)} 09:14 alert fired\n${ymd(page.createdAt)} 09:21 incident declared\n${ymd(page.createdAt)} 10:02 mitigated\n`,
    },
  ];
  const file = rng.pick(files);
  const createdAt = Math.min(now, page.createdAt + rng.int(1, 120) * MINUTE);
  const id = `att${nextNumber(store, "confluenceAttachment")}`;
  store.confluenceAttachments.set(id, {
    id,
    fileId: rng.uuid(),
    pageId: page.id,
    title: file.title,
    mediaType: file.mediaType,
    comment: file.comment,
    authorId: rng.pick(authors).accountId,
    createdAt,
    version: 1,
    content: Buffer.from(file.content),
  });
}

// ------------------------------------------------------------------ bodies

function issueLink(ctx: BodyContext): AdfNode {
  const key = ctx.issueKeys.length > 0 ? ctx.rng.pick(ctx.issueKeys) : "BACKEND-1";
  return link(key, `${JIRA_BROWSE}/${key}`);
}

function someone(ctx: BodyContext): AdfNode {
  const person = ctx.rng.pick(ctx.people);
  return mention(person.accountId, person.displayName);
}

/** The current body of a page, as a list of blocks; older versions are prefixes of it. */
function pageBody(kind: PageKind, ctx: BodyContext): AdfNode[] {
  const { rng, title, childTitles } = ctx;
  const children = childTitles.length > 0 ? bulletList(...childTitles) : paragraph("Nothing here yet.");
  switch (kind) {
    case "home":
      return [
        paragraph(
          `Welcome to ${title}. Start with the pages below, and ask in `,
          text("#help-wiki", code),
          ".",
        ),
        heading(2, "In this space"),
        children,
        panel("info", paragraph("Page owners review their pages every quarter.")),
      ];
    case "index":
      return [paragraph(`This section collects everything about ${title.toLowerCase()}.`), children];
    case "guide":
      return [
        paragraph(`This guide covers ${title.toLowerCase()}. It takes about 20 minutes.`),
        heading(2, "Before you start"),
        bulletList(
          "Access to the Acme GitHub organisation",
          "A working VPN profile",
          "Node.js 22 and Docker",
        ),
        heading(2, "Steps"),
        orderedList("Clone the repository", "Copy .env.example to .env", "Run the bootstrap script"),
        codeBlock(
          "bash",
          "git clone git@git.acme-robotics.test:acme/platform.git\ncd platform\n./scripts/bootstrap.sh",
        ),
        panel("tip", paragraph("Stuck? Ask your onboarding buddy before spending an hour on it.")),
        ...(childTitles.length > 0 ? [heading(2, "Related pages"), children] : []),
      ];
    case "adr":
      return [
        table(
          ["Status", "Date", "Deciders"],
          [
            [
              rng.pick(["Accepted", "Accepted", "Superseded"]),
              ymd(ctx.now - rng.int(60, 300) * DAY),
              "Architecture group",
            ],
          ],
        ),
        heading(2, "Context"),
        paragraph(
          "We need a decision we can live with for the next two years. The current approach does not scale with the number of robots per site.",
        ),
        heading(2, "Decision"),
        paragraph(text(title.replace(/^ADR-\d+: /, ""), strong), ". Tracked in ", issueLink(ctx), "."),
        heading(2, "Consequences"),
        bulletList(
          "Teams need a short migration guide",
          "Operations owns backups and upgrades",
          "We revisit in a year",
        ),
      ];
    case "overview":
      return [
        paragraph(
          `An overview of ${title.toLowerCase()}: what it does, who owns it and how it fits together.`,
        ),
        heading(2, "Components"),
        bulletList("API layer (REST and GraphQL)", "Workers consuming the event bus", "PostgreSQL and Redis"),
        codeBlock("yaml", "service: gateway\nreplicas: 3\nresources:\n  cpu: 500m\n  memory: 512Mi"),
        paragraph("Owner: ", someone(ctx)),
        ...(childTitles.length > 0 ? [heading(2, "Details"), children] : []),
      ];
    case "notes":
      return [
        heading(2, "Attendees"),
        paragraph(someone(ctx), " ", someone(ctx), " ", someone(ctx)),
        heading(2, "Notes"),
        bulletList(
          "What went well: releases were calm",
          "What to improve: too much work in progress",
          paragraph("Follow-up on ", issueLink(ctx)),
        ),
        heading(2, "Action items"),
        orderedList("Limit WIP to two items per person", "Book the next session"),
      ];
    case "prd":
      return [
        table(
          ["Target release", "Owner", "Status"],
          [
            [
              rng.pick(["Web 2.5", "API 3.4", "Mobile 2.0"]),
              "Product",
              rng.pick(["Draft", "In review", "Approved"]),
            ],
          ],
        ),
        heading(2, "Problem"),
        paragraph("Operators lose time switching between tools to understand the health of their fleet."),
        heading(2, "Requirements"),
        bulletList(
          "Must work for fleets of 1,000 robots",
          "Must respect tenant permissions",
          "Should export to CSV",
        ),
        heading(2, "Jira"),
        paragraph("Epic: ", issueLink(ctx)),
      ];
    case "release-notes":
      return [
        heading(2, "Highlights"),
        bulletList("Faster dashboard loading", "Saved filters", "Dark mode, finally"),
        heading(2, "Fixes"),
        bulletList(
          paragraph(issueLink(ctx), " crash on Safari"),
          paragraph(issueLink(ctx), " wrong timezone"),
        ),
      ];
    case "runbook":
      return [
        panel("warning", paragraph("Production access required. Announce in #ops before you start.")),
        heading(2, "Steps"),
        orderedList("Open a change ticket", "Run the command below", "Watch the dashboards for ten minutes"),
        codeBlock(
          "bash",
          "kubectl -n platform rollout restart deployment/gateway\nkubectl -n platform rollout status deployment/gateway",
        ),
        heading(2, "Verification"),
        paragraph("Error rate below 0.1% and p95 latency under 300 ms."),
      ];
    case "postmortem":
      return [
        table(
          ["Severity", "Duration", "Customer impact"],
          [
            [
              rng.pick(["SEV-1", "SEV-2", "SEV-3"]),
              `${rng.int(12, 180)} minutes`,
              rng.pick(["High", "Medium", "Low"]),
            ],
          ],
        ),
        heading(2, "Summary"),
        paragraph("Webhook deliveries failed after a configuration change to the gateway."),
        heading(2, "Timeline (UTC)"),
        table(
          ["Time", "Event"],
          [
            ["09:14", "Alert fired"],
            ["09:21", "Incident declared"],
            ["10:02", "Mitigated by rollback"],
          ],
        ),
        heading(2, "Action items"),
        bulletList(
          paragraph(issueLink(ctx), " add a canary check"),
          paragraph(issueLink(ctx), " alert on DLQ depth"),
        ),
      ];
  }
}
