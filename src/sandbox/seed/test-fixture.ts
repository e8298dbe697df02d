/**
 * Reads over a seeded store that the seed tests share. The consistency checks themselves live in
 * ../state/invariants.ts, one implementation for the seed and the fuzz tests.
 */
import type { AdfDoc } from "../state/model.js";
import type { Store } from "../state/store.js";

/** Every ADF document in the store, labelled by where it lives. */
export function collectAdfDocs(store: Store): Array<{ where: string; doc: AdfDoc }> {
  const out: Array<{ where: string; doc: AdfDoc }> = [];
  for (const i of store.issues.values()) {
    if (i.description) out.push({ where: `${i.key} description`, doc: i.description });
    if (i.environment) out.push({ where: `${i.key} environment`, doc: i.environment });
  }
  for (const c of store.comments.values()) out.push({ where: `comment ${c.id}`, doc: c.body });
  for (const w of store.worklogs.values())
    if (w.comment) out.push({ where: `worklog ${w.id}`, doc: w.comment });
  for (const p of store.pages.values()) {
    for (const v of p.versions) out.push({ where: `page ${p.id} v${v.number}`, doc: v.body });
  }
  for (const c of store.footerComments.values()) {
    for (const v of c.versions) out.push({ where: `footer comment ${c.id} v${v.number}`, doc: v.body });
  }
  return out;
}

/** Depth of the deepest page in a space (the homepage alone is depth 1). */
export function pageTreeDepth(store: Store, spaceId: string): number {
  let max = 0;
  for (const p of store.pages.values()) {
    if (p.spaceId !== spaceId) continue;
    let depth = 1;
    for (let cur = p; cur.parentId !== null; depth++) cur = store.pages.get(cur.parentId)!;
    max = Math.max(max, depth);
  }
  return max;
}
