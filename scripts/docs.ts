import { readFileSync, writeFileSync } from "node:fs";
import { loadCatalog } from "../src/catalog/index.js";
import { renderToolTable, replaceToolTable } from "../src/catalog/tool-table.js";

/** `npm run docs`: regenerates the README's tool table from the catalog. */
const path = new URL("../README.md", import.meta.url);
writeFileSync(path, replaceToolTable(readFileSync(path, "utf8"), renderToolTable(loadCatalog())));
console.log("README tool table updated");
