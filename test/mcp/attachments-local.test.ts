import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StdioSession, startStdio } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

/** Local files may be attached only from the directories the user allowed; nothing else is readable. */
describe("attachment upload from a local path (stdio only)", () => {
  let h: SandboxHarness;
  let s: StdioSession;
  let root: string;
  let allowed: string;
  let outside: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "atlasgate-attach-"));
    allowed = join(root, "allowed");
    outside = join(root, "outside");
    mkdirSync(allowed);
    mkdirSync(outside);
    writeFileSync(join(allowed, "notes.txt"), "allowed file\n");
    writeFileSync(join(outside, "secret.txt"), "must not be read\n");
    symlinkSync(join(outside, "secret.txt"), join(allowed, "link.txt"));
    h = await SandboxHarness.start();
    s = await startStdio(h, { ATLASGATE_ATTACHMENT_DIRS: allowed });
  });
  afterAll(async () => {
    await s.close();
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  const upload = (path: string) =>
    s.call("create_a_jira_issue_attachment", { issue_id_or_key: "BACKEND-5", path });
  const attached = () => [...h.sandbox.context.store.attachments.values()].map((a) => a.filename);

  it("uploads a file from an allowed directory and downloads it as text", async () => {
    const r = await upload(join(allowed, "notes.txt"));
    expect(r.isError, r.text).toBe(false);
    const stored = [...h.sandbox.context.store.attachments.values()].find((a) => a.filename === "notes.txt")!;
    expect(stored.content.toString()).toBe("allowed file\n");
    const down = await s.call("jira_issue_attachments_download", { id: stored.id });
    expect(down.isError, down.text).toBe(false);
    expect(down.json.text).toBe("allowed file\n");
  });

  it.each([
    ["a file outside the allowed directories", () => join(outside, "secret.txt"), /outside the allowed/],
    ["a symlink pointing outside", () => join(allowed, "link.txt"), /outside the allowed/],
    ["a traversal path", () => join(allowed, "..", "outside", "secret.txt"), /outside the allowed/],
    ["a relative path", () => "notes.txt", /absolute/],
    ["a missing file", () => join(allowed, "nope.txt"), /does not exist/],
  ])("refuses %s", async (_what, path, message) => {
    const before = attached().length;
    const r = await upload(path());
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(message);
    expect(r.text).not.toContain("must not be read");
    expect(attached().length).toBe(before);
  });

  it("refuses any path when no directory is allowed", async () => {
    const plain = await startStdio(h, {});
    try {
      const r = await plain.call("create_a_jira_issue_attachment", {
        issue_id_or_key: "BACKEND-5",
        path: join(allowed, "notes.txt"),
      });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/ATLASGATE_ATTACHMENT_DIRS/);
    } finally {
      await plain.close();
    }
  });

  it("returns binary attachments as base64 with the MIME type", async () => {
    const png = [...h.sandbox.context.store.attachments.values()].find((a) => a.mimeType === "image/png");
    expect(png).toBeDefined();
    const r = await s.call("jira_issue_attachments_download", { id: png!.id });
    expect(r.isError, r.text).toBe(false);
    expect(r.json.mime_type).toBe("image/png");
    expect(Buffer.from(r.json.base64, "base64").equals(png!.content)).toBe(true);
  });
});
