import { setFlagsFromString } from "node:v8";

/**
 * V8 lets garbage pile up in the old generation until it is about four times what is
 * live before collecting: for this bot (30 MB live, much short-lived garbage from update
 * and conversation documents) that meant 200+ MB resident. Growing the heap only to twice
 * what is live keeps it under 200 MB for a few percent more CPU (`npm run bench`). Unlike
 * a cap (--max-old-space-size) the limit follows what is live, so a long statistics
 * export still gets the memory it needs. Imported first by the entry point.
 */
setFlagsFromString("--heap-growing-percent=100");
