/** Site-level demo data: dynamic webhooks, the audit log and Advanced Roadmaps plans. */
import type { AuditRecord } from "../state/model.js";
import type { Store } from "../state/store.js";
import type { DemoJira } from "./demo-jira.js";
import type { DemoPeople } from "./demo-users.js";
import { nextNumber } from "./ids.js";
import type { Rng } from "./prng.js";
import { DAY, HOUR, MINUTE } from "./time.js";

/** The OAuth client id of the demo app; its dynamic webhooks are visible only to that app. */
export const DEMO_OAUTH_CLIENT_ID = "sandbox-oauth-client";

export function seedDemoWebhooks(store: Store, now: number): void {
  const hooks = [
    {
      url: "https://hooks.acme-robotics.test/atlasgate/issues",
      events: ["jira:issue_created", "jira:issue_updated"],
      jqlFilter: "project = BACKEND",
      fieldIdsFilter: ["summary", "status", "assignee"],
    },
    {
      url: "https://hooks.acme-robotics.test/atlasgate/comments",
      events: ["comment_created", "comment_updated"],
      jqlFilter: "project in (FRONTEND, MOBILE)",
      fieldIdsFilter: null,
    },
    {
      url: "https://hooks.acme-robotics.test/atlasgate/urgent",
      events: ["jira:issue_created", "jira:issue_deleted"],
      jqlFilter: "project = DEVOPS AND priority in (Highest, High)",
      fieldIdsFilter: null,
    },
  ];
  for (const hook of hooks) {
    const id = nextNumber(store, "webhook");
    store.webhooks.set(id, {
      id,
      clientId: DEMO_OAUTH_CLIENT_ID,
      ...hook,
      issuePropertyKeysFilter: null,
      expirationDate: now + 30 * DAY,
    });
  }
}

type Draft = Omit<AuditRecord, "id" | "remoteAddress" | "authorAccountId" | "eventSource" | "description"> & {
  description?: string;
};

/**
 * About sixty audit records replaying how the site was set up. Stored oldest first with ids
 * ascending (the order they happened); the audit endpoint sorts newest first on the way out.
 */
export function seedDemoAudit(store: Store, rng: Rng, now: number, people: DemoPeople, jira: DemoJira): void {
  const drafts: Draft[] = [];
  const setup = now - 440 * DAY;
  const item = (id: string, name: string, typeName: string) => ({ id, name, typeName });

  [...store.groups.values()].slice(4).forEach((group, i) => {
    drafts.push({
      summary: "Group created",
      created: setup + i * 7 * MINUTE,
      category: "group management",
      objectItem: item(group.groupId, group.name, "GROUP"),
      changedValues: [],
      associatedItems: [],
    });
  });
  [...store.users.values()].slice(1).forEach((user, i) => {
    drafts.push({
      summary: "User created",
      created: setup + HOUR + i * 13 * MINUTE,
      category: "user management",
      objectItem: item(user.accountId, user.name, "USER"),
      changedValues: [
        { fieldName: "Username", changedFrom: "", changedTo: user.name },
        { fieldName: "Full name", changedFrom: "", changedTo: user.displayName },
        { fieldName: "Email", changedFrom: "", changedTo: user.emailAddress },
      ],
      associatedItems: [],
    });
    if (user.groups.includes("jira-administrators")) {
      drafts.push({
        summary: "User added to group",
        created: setup + HOUR + i * 13 * MINUTE + 2 * MINUTE,
        category: "group management",
        objectItem: item(user.accountId, user.name, "USER"),
        changedValues: [],
        associatedItems: [item("jira-administrators", "jira-administrators", "GROUP")],
      });
    }
    if (!user.active) {
      drafts.push({
        summary: "User deactivated",
        created: now - rng.int(60, 120) * DAY,
        category: "user management",
        objectItem: item(user.accountId, user.name, "USER"),
        changedValues: [{ fieldName: "Active", changedFrom: "Active", changedTo: "Inactive" }],
        associatedItems: [],
      });
    }
  });

  for (const p of jira.projects) {
    const project = item(p.project.id, p.project.name, "PROJECT");
    drafts.push({
      summary: "Project created",
      created: p.project.created,
      category: "projects",
      objectItem: project,
      changedValues: [
        { fieldName: "Name", changedFrom: "", changedTo: p.project.name },
        { fieldName: "Key", changedFrom: "", changedTo: p.project.key },
      ],
      associatedItems: [],
    });
    drafts.push({
      summary: "Project roles changed",
      created: p.project.created + 20 * MINUTE,
      category: "projects",
      objectItem: item("10001", "Developers", "PROJECT_ROLE"),
      changedValues: [],
      associatedItems: [project],
    });
    drafts.push({
      summary: "Permission scheme updated",
      created: p.project.created + 35 * MINUTE,
      category: "permissions",
      objectItem: item(
        String(10000 + jira.projects.indexOf(p)),
        `${p.project.key} permission scheme`,
        "SCHEME",
      ),
      changedValues: [{ fieldName: "Browse Projects", changedFrom: "", changedTo: "Project role: Users" }],
      associatedItems: [project],
    });
    for (const v of p.versions) {
      if (!v.version.released || v.releaseAt === null) continue;
      drafts.push({
        summary: "Version released",
        created: v.releaseAt,
        category: "projects",
        objectItem: item(v.version.id, v.version.name, "VERSION"),
        changedValues: [{ fieldName: "Released", changedFrom: "false", changedTo: "true" }],
        associatedItems: [project],
      });
    }
  }

  const workflowChanges: Array<[string, string, string]> = [
    ["Workflow updated", "Added status In Review", "Software Simplified Workflow"],
    ["Workflow updated", "Added resolution screen to Done", "Software Simplified Workflow"],
    ["Workflow scheme updated", "Assigned workflow to all issue types", "Acme workflow scheme"],
  ];
  workflowChanges.forEach(([summary, description, name], i) => {
    drafts.push({
      summary,
      description,
      created: now - (300 - i * 90) * DAY + rng.int(0, 8) * HOUR,
      category: "workflows",
      objectItem: item(String(10100 + i), name, "WORKFLOW"),
      changedValues: [],
      associatedItems: [],
    });
  });
  drafts.push({
    summary: "Custom field created",
    created: now - 280 * DAY,
    category: "fields",
    objectItem: item("customfield_10016", "Story point estimate", "CUSTOM_FIELD"),
    changedValues: [],
    associatedItems: [],
  });
  drafts.push({
    summary: "Permission scheme updated",
    created: now - 12 * DAY - 3 * HOUR,
    category: "permissions",
    objectItem: item("0", "Default Permission Scheme", "SCHEME"),
    changedValues: [{ fieldName: "Delete Issues", changedFrom: "Project role: Developers", changedTo: "" }],
    associatedItems: [],
  });

  drafts.sort((a, b) => a.created - b.created);
  for (const draft of drafts) {
    store.auditRecords.push({
      id: nextNumber(store, "auditRecord"),
      remoteAddress: `192.0.2.${rng.int(10, 60)}`,
      authorAccountId: people.admin.accountId,
      eventSource: "",
      ...draft,
      description: draft.description ?? "",
    });
  }
}

export function seedDemoPlans(store: Store, people: DemoPeople, jira: DemoJira): void {
  const byKey = (key: string) => jira.projects.find((p) => p.def.key === key)!;
  const plans = [
    {
      name: "Platform roadmap",
      lead: people.byTeam.backend[0] ?? people.admin,
      issueSources: [
        { type: "Project" as const, value: Number(byKey("BACKEND").project.id) },
        { type: "Project" as const, value: Number(byKey("DEVOPS").project.id) },
      ],
    },
    {
      name: "Customer-facing releases",
      lead: people.byTeam.product[0] ?? people.admin,
      issueSources: [
        { type: "Board" as const, value: byKey("FRONTEND").board.id },
        { type: "Board" as const, value: byKey("MOBILE").board.id },
      ],
    },
  ];
  for (const plan of plans) {
    const id = nextNumber(store, "plan");
    store.plans.set(id, {
      id,
      name: plan.name,
      status: "Active",
      leadAccountId: plan.lead.accountId,
      scenarioId: nextNumber(store, "planScenario"),
      issueSources: plan.issueSources,
    });
  }
}
