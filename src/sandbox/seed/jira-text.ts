/** Summaries and ADF bodies for seeded issues, comments and worklogs. */
import type { AdfDoc, AdfNode } from "../state/model.js";
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
  text,
} from "./adf.js";
import {
  COMMENT_SENTENCES,
  CUSTOMERS,
  type ProjectVocabulary,
  STACK_TRACES,
  SUBTASK_TEMPLATES,
  SUMMARY_TEMPLATES,
  WORKLOG_NOTES,
} from "./data-jira.js";
import type { Rng } from "./prng.js";

export type IssueKind = "epic" | "story" | "task" | "bug" | "subtask";

/** Who can be mentioned, and which issue keys may be referenced, in generated text. */
export interface TextContext {
  people: Array<{ accountId: string; displayName: string }>;
  relatedKeys: string[];
  gitBaseUrl: string;
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function fill(rng: Rng, template: string, vocab: ProjectVocabulary): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case "thing":
        return rng.pick(vocab.things);
      case "feature":
        return rng.pick(vocab.features);
      case "context":
        return rng.pick(vocab.contexts);
      case "failure":
        return rng.pick(vocab.failures);
      case "action":
        return rng.pick(vocab.actions);
      case "dependency":
        return rng.pick(vocab.dependencies);
      default:
        throw new Error(`unknown slot ${slot}`);
    }
  });
  return capitalize(filled);
}

/**
 * A summary not yet in `used` (the project's summaries so far). Random draws first; a numbered
 * suffix only once the vocabulary is exhausted, which only very large issue counts reach.
 */
export function uniqueSummary(
  rng: Rng,
  kind: Exclude<IssueKind, "epic" | "subtask">,
  vocab: ProjectVocabulary,
  used: Set<string>,
): string {
  const templates = SUMMARY_TEMPLATES[kind];
  let candidate = "";
  for (let attempt = 0; attempt < 12; attempt++) {
    candidate = fill(rng, rng.pick(templates), vocab);
    if (!used.has(candidate)) return candidate;
  }
  return withSuffix(candidate, used);
}

export function subtaskSummary(rng: Rng, parentSummary: string, used: Set<string>): string {
  const start = rng.int(0, SUBTASK_TEMPLATES.length - 1);
  let candidate = "";
  for (let i = 0; i < SUBTASK_TEMPLATES.length; i++) {
    candidate = `${SUBTASK_TEMPLATES[(start + i) % SUBTASK_TEMPLATES.length]}: ${parentSummary}`;
    if (!used.has(candidate)) return candidate;
  }
  return withSuffix(candidate, used);
}

export function withSuffix(base: string, used: Set<string>): string {
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!used.has(candidate)) return candidate;
  }
}

function someone(rng: Rng, ctx: TextContext): AdfNode {
  const person = rng.pick(ctx.people);
  return mention(person.accountId, person.displayName);
}

function prLink(rng: Rng, ctx: TextContext): AdfNode {
  const number = rng.int(120, 4800);
  return link(`PR #${number}`, `${ctx.gitBaseUrl}/pull/${number}`);
}

export function issueDescription(
  rng: Rng,
  kind: IssueKind,
  summary: string,
  vocab: ProjectVocabulary,
  ctx: TextContext,
): AdfDoc {
  const thing = rng.pick(vocab.things);
  switch (kind) {
    case "epic":
      return doc(
        paragraph(
          "This epic tracks everything we need for ",
          text(summary, strong),
          `. It touches the ${thing} and several neighbouring areas.`,
        ),
        heading(2, "Goals"),
        bulletList(
          `Customers can ${rng.pick(vocab.actions)}`,
          `Ship ${rng.pick(vocab.features)} for the ${rng.pick(vocab.things)}`,
          "No regression in p95 latency or error rate",
        ),
        heading(2, "Out of scope"),
        paragraph(`Changes to the ${rng.pick(vocab.things)}; those get their own epic.`),
        paragraph(
          "Design notes live in Confluence: ",
          link("Architecture overview", "https://acme-robotics.atlassian.net/wiki/spaces/ENG/overview"),
        ),
      );
    case "story": {
      const persona = rng.pick(["an operator", "a fleet admin", "a site manager", "a support engineer"]);
      const blocks: AdfNode[] = [
        paragraph(
          `As ${persona}, I want to ${rng.pick(vocab.actions)} so that I spend less time on routine work.`,
        ),
        heading(3, "Acceptance criteria"),
        bulletList(
          `The ${thing} shows the new option`,
          `Works with ${rng.pick(vocab.features)}`,
          "Covered by automated tests",
          ...(rng.chance(0.5) ? ["Copy reviewed by the product designer"] : []),
        ),
      ];
      if (rng.chance(0.3)) blocks.push(paragraph("Requested by ", text(rng.pick(CUSTOMERS), strong), "."));
      if (rng.chance(0.2)) blocks.push(paragraph("cc ", someone(rng, ctx)));
      return doc(...blocks);
    }
    case "task": {
      const blocks: AdfNode[] = [
        paragraph(`${summary}. Keep the change small and behind a flag where possible.`),
        bulletList(
          `Touch only the ${thing}`,
          paragraph("Update ", text("CHANGELOG.md", code), " and the runbook"),
          "Announce in #eng-platform when done",
        ),
      ];
      if (rng.chance(0.3)) blocks.push(paragraph("Follow-up from ", prLink(rng, ctx), "."));
      if (rng.chance(0.15) && ctx.relatedKeys.length > 0) {
        blocks.push(paragraph(`Related to ${rng.pick(ctx.relatedKeys)}.`));
      }
      return doc(...blocks);
    }
    case "bug": {
      const trace = rng.pick(STACK_TRACES);
      const blocks: AdfNode[] = [
        heading(3, "Steps to reproduce"),
        orderedList(`Open the ${thing}`, `Trigger ${rng.pick(vocab.features)}`, "Wait a few seconds"),
        paragraph(text("Expected: ", strong), "the action completes normally."),
        paragraph(text("Actual: ", strong), `it ${rng.pick(vocab.failures)} ${rng.pick(vocab.contexts)}.`),
      ];
      if (rng.chance(0.6)) blocks.push(codeBlock(trace.language, trace.text));
      if (rng.chance(0.3)) blocks.push(panel("warning", paragraph(`Reported by ${rng.pick(CUSTOMERS)}.`)));
      if (rng.chance(0.2)) blocks.push(paragraph("Seen first by ", someone(rng, ctx), "."));
      return doc(...blocks);
    }
    case "subtask":
      return doc(paragraph(`Part of the parent story. Scope: the ${thing} only.`));
  }
}

export function bugEnvironment(rng: Rng, vocab: ProjectVocabulary): AdfDoc {
  return doc(paragraph(`Production, ${rng.pick(vocab.contexts).replace(/^(on|in|with|when|after) /, "")}`));
}

export function commentBody(rng: Rng, ctx: TextContext): AdfDoc {
  const roll = rng.next();
  if (roll < 0.15) {
    return doc(paragraph(someone(rng, ctx), " can you take a look? ", rng.pick(COMMENT_SENTENCES)));
  }
  if (roll < 0.3) return doc(paragraph("Fix is up for review: ", prLink(rng, ctx)));
  if (roll < 0.4) {
    const trace = rng.pick(STACK_TRACES);
    return doc(paragraph("Stack trace from the logs:"), codeBlock(trace.language, trace.text));
  }
  if (roll < 0.5 && ctx.relatedKeys.length > 0) {
    return doc(paragraph(`Blocked by ${rng.pick(ctx.relatedKeys)} for now.`));
  }
  const sentences = rng.sample(COMMENT_SENTENCES, rng.int(1, 2));
  return doc(paragraph(sentences.join(" ")));
}

export function worklogComment(rng: Rng): AdfDoc | null {
  return rng.chance(0.3) ? null : doc(paragraph(rng.pick(WORKLOG_NOTES)));
}
