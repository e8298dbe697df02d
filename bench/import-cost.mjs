/**
 * Start-up profiler for the stdio benchmark: imports the given modules one after another in a fresh
 * process and prints what each adds (wall ms and RSS), so a slow cold start can be traced to the
 * module that causes it. Specifiers are resolved from the repository root.
 */
const root = new URL("../", import.meta.url);
const rows = [];
let rss = process.memoryUsage().rss;
for (const spec of process.argv.slice(2)) {
  const target = spec.startsWith(".") ? new URL(spec, root).href : spec;
  const t0 = performance.now();
  await import(target);
  const ms = performance.now() - t0;
  const now = process.memoryUsage().rss;
  rows.push({ spec, ms, rssMiB: (now - rss) / 1048576 });
  rss = now;
}
process.stdout.write(
  `${JSON.stringify({ baseRssMiB: (rss - rows.reduce((a, r) => a + r.rssMiB * 1048576, 0)) / 1048576, rows })}\n`,
);
