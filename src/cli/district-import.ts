import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../config.ts";
import { formatImportReport, importDistrict } from "../district/import.ts";
import { DistrictFileError } from "../district/schema.ts";
import { createRepos } from "../repos/index.ts";
import { openStore } from "../store/index.ts";
import { StoreUnavailableError } from "../store/port.ts";

/**
 * npm run district:import -- district.json people.csv   (or a folder holding both)
 * Imports into the store the bot uses (MONGODB_URI, else the embedded store in DATA_DIR).
 */
async function main(args: string[]): Promise<number> {
  let districtPath: string | undefined;
  let peoplePath: string | undefined;
  for (const arg of args) {
    const found = await stat(arg).catch(() => undefined);
    if (!found) {
      process.stderr.write(`district:import: no such file or folder: ${arg}\n`);
      return 2;
    }
    if (found.isDirectory()) {
      districtPath = join(arg, "district.json");
      peoplePath = join(arg, "people.csv");
    } else if (arg.endsWith(".json")) districtPath = arg;
    else if (arg.endsWith(".csv")) peoplePath = arg;
  }
  if (!districtPath || !peoplePath) {
    process.stderr.write(
      "usage: npm run district:import -- district.json people.csv (or a folder holding both)\n",
    );
    return 2;
  }
  const config = loadConfig();
  const [districtJson, peopleCsv] = await Promise.all([
    readFile(districtPath, "utf8"),
    readFile(peoplePath, "utf8"),
  ]);
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir });
  try {
    const repos = await createRepos(store);
    const report = await importDistrict(repos, { districtJson, peopleCsv }, Date.now());
    process.stdout.write(`${formatImportReport(report)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const known =
      err instanceof DistrictFileError ||
      err instanceof ConfigError ||
      err instanceof StoreUnavailableError ||
      (err as NodeJS.ErrnoException).code === "ENOENT";
    // The embedded store admits one process: the bot running on it holds the lock.
    const hint =
      err instanceof StoreUnavailableError && /in use by/.test(err.message)
        ? " — stop the bot first, or import against MongoDB (MONGODB_URI), which it can share"
        : "";
    process.stderr.write(
      `district:import: ${known ? (err as Error).message : (err as Error).stack}${hint}\n`,
    );
    process.exit(1);
  },
);
