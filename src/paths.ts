import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's root (the directory with package.json). The same code runs from the
 * sources (tests, tsx) and compiled into dist/ (`npm start`), so files shipped beside the
 * code — locales, the sample district, the web chat's page — are found from here rather
 * than relative to the running module.
 */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
