/**
 * The Confluence wiki of Acme Robotics: spaces and their page trees. `{date:N}` in a title stands
 * for the date N days before `now`, so dated pages (retros, postmortems) stay recent whatever `now` is.
 */
import type { Team } from "./data-people.js";

export type PageKind =
  | "home"
  | "index"
  | "guide"
  | "adr"
  | "overview"
  | "notes"
  | "prd"
  | "release-notes"
  | "runbook"
  | "postmortem";

export interface PageRow {
  title: string;
  kind: PageKind;
  labels?: string[];
  children?: PageRow[];
}

export interface SpaceRow {
  key: string;
  name: string;
  description: string;
  /** The owning team: its first member creates the space. */
  team: Team;
  labels: string[];
  tree: PageRow;
}

export const KIND_LABELS: Partial<Record<PageKind, string[]>> = {
  adr: ["adr", "architecture"],
  runbook: ["runbook", "operations"],
  postmortem: ["postmortem", "incident"],
  prd: ["prd", "requirements"],
  "release-notes": ["release-notes"],
  guide: ["how-to"],
};

export const SPACES: SpaceRow[] = [
  {
    key: "ENG",
    name: "Engineering",
    description: "How Acme engineering builds, reviews and ships software.",
    team: "backend",
    labels: ["engineering", "team-space"],
    tree: {
      title: "Engineering Home",
      kind: "home",
      children: [
        {
          title: "Onboarding guide",
          kind: "guide",
          labels: ["onboarding"],
          children: [
            { title: "Development environment setup", kind: "guide", labels: ["onboarding"] },
            { title: "Code review guidelines", kind: "guide" },
            { title: "Your first week", kind: "guide", labels: ["onboarding"] },
          ],
        },
        {
          title: "Architecture decision records",
          kind: "index",
          labels: ["adr"],
          children: [
            { title: "ADR-001: Adopt TypeScript for all new services", kind: "adr" },
            { title: "ADR-007: Event-driven order pipeline", kind: "adr" },
            { title: "ADR-012: Use PostgreSQL for the gateway", kind: "adr", labels: ["database"] },
            { title: "ADR-015: Feature flags with OpenFeature", kind: "adr" },
          ],
        },
        {
          title: "Architecture overview",
          kind: "overview",
          labels: ["architecture"],
          children: [
            {
              title: "Platform backend services",
              kind: "overview",
              children: [
                { title: "Payment service", kind: "overview", labels: ["payments"] },
                { title: "Telemetry ingest", kind: "overview", labels: ["telemetry"] },
              ],
            },
            { title: "Web frontend architecture", kind: "overview", labels: ["frontend"] },
          ],
        },
        {
          title: "Team rituals",
          kind: "index",
          children: [
            {
              title: "Sprint retrospectives",
              kind: "index",
              labels: ["retrospective"],
              children: [
                { title: "Retro {date:34}", kind: "notes", labels: ["retrospective"] },
                { title: "Retro {date:20}", kind: "notes", labels: ["retrospective"] },
              ],
            },
          ],
        },
      ],
    },
  },
  {
    key: "PROD",
    name: "Product",
    description: "Roadmap, requirements and customer research for Acme Fleet.",
    team: "product",
    labels: ["product"],
    tree: {
      title: "Product Home",
      kind: "home",
      children: [
        { title: "Roadmap", kind: "overview", children: [{ title: "Now, next, later", kind: "notes" }] },
        {
          title: "Product requirements",
          kind: "index",
          children: [
            { title: "PRD: Fleet health dashboard", kind: "prd" },
            { title: "PRD: Self-service robot onboarding", kind: "prd" },
            { title: "PRD: Usage-based billing", kind: "prd", labels: ["billing"] },
          ],
        },
        {
          title: "Customer research",
          kind: "index",
          labels: ["research"],
          children: [
            { title: "Interview notes: Northwind Logistics", kind: "notes", labels: ["research"] },
            { title: "Interview notes: Globex Warehousing", kind: "notes", labels: ["research"] },
            { title: "Operator survey results", kind: "overview", labels: ["research"] },
          ],
        },
        {
          title: "Release notes",
          kind: "index",
          children: [
            { title: "Release notes: Web 2.3", kind: "release-notes" },
            { title: "Release notes: Mobile 1.8", kind: "release-notes" },
          ],
        },
      ],
    },
  },
  {
    key: "OPS",
    name: "Operations",
    description: "Runbooks, incidents and on-call for the Acme production platform.",
    team: "devops",
    labels: ["operations", "sre"],
    tree: {
      title: "Operations Home",
      kind: "home",
      children: [
        {
          title: "Runbooks",
          kind: "index",
          labels: ["runbook"],
          children: [
            { title: "Runbook: Rotate database credentials", kind: "runbook", labels: ["database"] },
            { title: "Runbook: Scale the Kubernetes node pool", kind: "runbook", labels: ["kubernetes"] },
            { title: "Runbook: Restore a database from backup", kind: "runbook", labels: ["database"] },
            { title: "Runbook: Roll back a bad deploy", kind: "runbook" },
          ],
        },
        {
          title: "Incident postmortems",
          kind: "index",
          children: [
            { title: "Incident postmortem {date:68}", kind: "postmortem" },
            { title: "Incident postmortem {date:23}", kind: "postmortem" },
            { title: "Incident postmortem {date:6}", kind: "postmortem", labels: ["payments"] },
          ],
        },
        {
          title: "On-call",
          kind: "guide",
          labels: ["on-call"],
          children: [
            { title: "On-call handbook", kind: "guide", labels: ["on-call"] },
            { title: "Escalation policy", kind: "guide", labels: ["on-call"] },
          ],
        },
        {
          title: "Infrastructure inventory",
          kind: "overview",
          children: [{ title: "Production clusters", kind: "overview", labels: ["kubernetes"] }],
        },
      ],
    },
  },
];

/** The personal space of the first backend engineer; its homepage title is her name. */
export const PERSONAL_TREE: PageRow = {
  title: "{owner}",
  kind: "home",
  children: [
    {
      title: "Notes",
      kind: "index",
      children: [
        { title: "1:1 notes", kind: "notes" },
        { title: "Reading list", kind: "notes" },
        {
          title: "Ideas for the telemetry pipeline",
          kind: "notes",
          children: [{ title: "Kafka vs. NATS comparison", kind: "notes", labels: ["telemetry"] }],
        },
      ],
    },
    {
      title: "Drafts",
      kind: "index",
      children: [
        { title: "Blog post: How we halved p99 latency", kind: "guide" },
        { title: "Conference talk outline", kind: "notes" },
      ],
    },
  ],
};

export const PAGE_COMMENTS = [
  "Thanks, this is really helpful.",
  "Should we link the related runbook here?",
  "I think step 3 is out of date since we moved to Argo CD.",
  "Can we add a diagram of the request flow?",
  "Agreed. Let's revisit this in the next architecture review.",
  "We followed this during last night's incident and it worked.",
  "Minor: the dashboard link points at staging.",
  "+1, let's make this the default.",
  "Who owns this page now?",
  "Updated the numbers from the latest survey.",
];

export const VERSION_MESSAGES = [
  "",
  "",
  "Fixed typos",
  "Added examples",
  "Updated after review",
  "Clarified scope",
];
