import { loadCatalog } from "./index.js";
import { writeCatalogSnapshot } from "./snapshot.js";

/** Build step (`npm run build`): writes dist/catalog/catalog.snapshot.json from the checked catalog. */
writeCatalogSnapshot(loadCatalog());
