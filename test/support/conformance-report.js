const MAX_ERRORS_PER_OPERATION = 20;
/**
 * One failing assertion per response hides how much of the surface conforms; a report per test file shows
 * coverage ("N of M") and every failing operation at once, which is what sandbox authors act on.
 * An operation conforms only if every result recorded for it passed. Requests that matched no operation count
 * as their own failing entries, since calling an endpoint Atlassian does not have is a conformance failure too.
 */
export class ConformanceReport {
  title;
  entries = new Map();
  constructor(title = "OpenAPI conformance") {
    this.title = title;
  }
  record(result) {
    const op = result.operation;
    const key = op ? `${op.spec}:${op.operationId}` : `unmatched:${result.errors[0] ?? "?"}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        spec: op?.spec ?? null,
        operationId: op?.operationId ?? "(no matching operation)",
        errors: [],
        ok: true,
      };
      this.entries.set(key, entry);
    }
    if (!result.ok) {
      entry.ok = false;
      for (const error of result.errors) {
        if (entry.errors.length >= MAX_ERRORS_PER_OPERATION) break;
        if (!entry.errors.includes(error)) entry.errors.push(error);
      }
    }
  }
  summary() {
    const all = [...this.entries.values()];
    return {
      conforming: all.filter((e) => e.ok).length,
      total: all.length,
      failures: all
        .filter((e) => !e.ok)
        .map((e) => ({ spec: e.spec, operationId: e.operationId, errors: [...e.errors] })),
    };
  }
  /** Returns the printed text too, so callers can attach it to an assertion message. */
  print() {
    const { conforming, total, failures } = this.summary();
    const lines = [`${this.title}: ${conforming} of ${total} operations conform`];
    for (const failure of failures) {
      lines.push(`  ✗ ${failure.spec ? `${failure.spec} ` : ""}${failure.operationId}`);
      for (const error of failure.errors) lines.push(`      ${error}`);
    }
    const text = lines.join("\n");
    console.log(text);
    return text;
  }
}
//# sourceMappingURL=conformance-report.js.map
