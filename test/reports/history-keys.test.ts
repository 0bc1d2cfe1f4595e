import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES_DIR } from "../../src/bot/i18n.ts";
import { OWNER_ACTIONS } from "../../src/domain/reports.ts";
import { ROOT } from "../../src/paths.ts";

/** Every `.ts` file of the app (its sources and its conversations). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [readFileSync(join(dir, e.name), "utf8")]
        : [],
  );
}

/**
 * The report audit actions the app writes: every `report.*` literal in an audit entry's
 * `action:` (a ternary names two), and `report.${action}` for each owner action.
 */
function writtenActions(): string[] {
  const found = new Set<string>();
  for (const text of [...sources(join(ROOT, "src")), ...sources(join(ROOT, "conversations"))]) {
    for (const m of text.matchAll(/\baction:\s*([^,\n]+)/g)) {
      const expr = m[1]!;
      for (const lit of expr.matchAll(/"(report\.[a-z_]+)"/g)) found.add(lit[1]!);
      if (/`report\.\$\{action\}`/.test(expr))
        for (const a of OWNER_ACTIONS) found.add(`report.${a}`);
    }
  }
  return [...found].sort();
}

const keysOf = (lang: string) =>
  new Set(
    readFileSync(join(LOCALES_DIR, `${lang}.ftl`), "utf8")
      .split("\n")
      .map((l) => /^([a-z][a-z0-9_-]*) =/.exec(l)?.[1])
      .filter(Boolean),
  );

describe("a report's history names every action in both languages", () => {
  it("has a history key for each report audit action the app writes", () => {
    const actions = writtenActions();
    // The scan itself finds what is known to be written (not an empty list that passes).
    expect(actions).toEqual(
      expect.arrayContaining(["report.submitted", "report.reassigned", "report.reject"]),
    );
    for (const lang of ["fa", "en"]) {
      const keys = keysOf(lang);
      const missing = actions.filter((a) => !keys.has(`history-action-${a.replace(".", "-")}`));
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });
});
