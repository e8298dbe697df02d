import { benchGateway } from "./gateway.js";
import { benchSandbox } from "./sandbox.js";
import { benchStdio } from "./stdio.js";

/** `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run. */
const suites: Record<string, () => Promise<string[]>> = {
  sandbox: benchSandbox,
  stdio: benchStdio,
  gateway: benchGateway,
};
const only = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`\n## ${name}\n`);
  for (const line of await run()) process.stdout.write(`- ${line}\n`);
}
