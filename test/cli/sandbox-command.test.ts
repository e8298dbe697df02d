import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
  child = undefined;
});

async function firstLine(args: string[]): Promise<string> {
  child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const rl = createInterface({ input: child.stdout! });
  const [line] = (await once(rl, "line")) as [string];
  return line;
}

describe("atlasgate sandbox (the command)", () => {
  it("prints the URL and demo credentials as its first stdout line, then serves them", async () => {
    const info = JSON.parse(await firstLine(["sandbox", "--port", "0", "--seed", "demo"]));
    for (const key of ["url", "cloudId", "email", "apiToken", "pat"]) expect(typeof info[key]).toBe("string");
    expect(info.oauth).toMatchObject({ clientId: expect.any(String), clientSecret: expect.any(String) });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const auth = `Basic ${Buffer.from(`${info.email}:${info.apiToken}`).toString("base64")}`;
    const res = await fetch(`${info.url}/rest/api/3/myself`, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).emailAddress).toBe(info.email);
  });

  it("starts in Data Center mode with PAT auth", async () => {
    const info = JSON.parse(
      await firstLine(["sandbox", "--port", "0", "--deployment", "datacenter", "--seed", "empty"]),
    );
    const res = await fetch(`${info.url}/rest/api/2/serverInfo`, {
      headers: { authorization: `Bearer ${info.pat}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).deploymentType).toBe("DataCenter");
  });

  it("refuses a bad option with one line on stderr and a non-zero exit", async () => {
    child = spawn(process.execPath, [CLI, "sandbox", "--port", "banana"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    const [code] = await once(child, "exit");
    expect(code).not.toBe(0);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("--port");
  });
});
