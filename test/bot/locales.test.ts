import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Entry, parse, type Resource, Visitor } from "@fluent/syntax";
import { describe, expect, it } from "vitest";
import { createI18n, LOCALES_DIR } from "../../src/bot/i18n.ts";
import { offsetText } from "../../src/meetings/notifications.ts";
import { ROOT } from "../../src/paths.ts";

/**
 * The two locale files checked against each other and against the code. Fluent's runtime
 * parser drops a message with a syntax error without a word, and the translator then falls
 * back to Persian: an English reader would meet Persian text mid-sentence.
 */
const read = (lang: string): Resource =>
  parse(readFileSync(join(LOCALES_DIR, `${lang}.ftl`), "utf8"), { withSpans: false });

interface Shape {
  variables: string[];
  attributes: string[];
  references: string[];
}

function shapes(resource: Resource): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const entry of resource.body) {
    if (entry.type !== "Message" && entry.type !== "Term") continue;
    const variables = new Set<string>();
    const references = new Set<string>();
    class Walk extends Visitor {
      override visitVariableReference(node: { id: { name: string } }) {
        variables.add(node.id.name);
      }
      override visitMessageReference(node: { id: { name: string } }) {
        references.add(node.id.name);
      }
      override visitTermReference(node: { id: { name: string } }) {
        references.add(`-${node.id.name}`);
      }
    }
    new Walk().visit(entry);
    out.set(`${entry.type === "Term" ? "-" : ""}${entry.id.name}`, {
      variables: [...variables].sort(),
      attributes: entry.attributes.map((a) => a.id.name).sort(),
      references: [...references].sort(),
    });
  }
  return out;
}

const junk = (resource: Resource) =>
  resource.body
    .filter((e: Entry) => e.type === "Junk")
    .map((e) => (e.type === "Junk" ? e.content.trim() : ""));

const fa = read("fa");
const en = read("en");
const faShapes = shapes(fa);
const enShapes = shapes(en);

/** Every `.ts` file of the app (the bot's sources and its conversations). */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith(".ts"))
        out.push({ file: p.slice(ROOT.length + 1), text: readFileSync(p, "utf8") });
    }
  };
  walk(join(ROOT, "src"));
  walk(join(ROOT, "conversations"));
  return out;
}

const KEY = "[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*";
const HYPHENATED = "[a-z][a-z0-9_]*(?:-[a-z0-9_]+)+";
/**
 * Where the code names a message: `ctx.t("…")`, `t(lang, "…")` and `i18n.t("fa", "…")`,
 * `ask("…")`, `key: "…"`.
 */
const KEY_SITES = [
  new RegExp(String.raw`\.t\(\s*"(?!(?:fa|en)")(${KEY})"`, "g"),
  new RegExp(String.raw`\bt\(\s*(?:[A-Za-z_.]+|"fa"|"en"),\s*"(${KEY})"`, "g"),
  new RegExp(String.raw`\b(?:ask|retry)\(\s*"(${KEY})"`, "g"),
  new RegExp(String.raw`\b[kK]ey:\s*"(${HYPHENATED})"`, "g"),
];

describe("the locale files", () => {
  it("parse without a syntax error (a broken message would be dropped silently)", () => {
    expect(junk(fa)).toEqual([]);
    expect(junk(en)).toEqual([]);
  });

  it("hold the same messages in Persian and English, with the same variables and attributes", () => {
    expect([...enShapes.keys()].sort()).toEqual([...faShapes.keys()].sort());
    for (const [id, shape] of faShapes) {
      const other = enShapes.get(id);
      // References may differ: one language can reuse a message the other spells out.
      expect({ id, ...other }).toEqual({ id, ...shape, references: other?.references });
    }
  });

  it("refer only to messages and terms that exist", () => {
    for (const [lang, all] of [
      ["fa", faShapes],
      ["en", enShapes],
    ] as const)
      for (const [id, shape] of all)
        for (const ref of shape.references)
          expect({ lang, id, ref, exists: all.has(ref) }).toMatchObject({ exists: true });
  });

  it("have every message the code names", () => {
    const named: string[] = [];
    const missing: string[] = [];
    for (const { file, text } of sources())
      for (const re of KEY_SITES)
        for (const m of text.matchAll(re)) {
          named.push(m[1]!);
          if (!faShapes.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
        }
    expect(missing).toEqual([]);
    // The scan itself works: it finds the messages the code names by hundreds.
    expect(new Set(named).size).toBeGreaterThan(300);
  });

  it("get their variables wherever the code names them without any", () => {
    // Fluent throws on a variable it is not given: the person gets "something went wrong"
    // instead of the message (a signed-in person's /start did, until this was checked).
    const bare = [
      new RegExp(String.raw`\.t\(\s*"(?!(?:fa|en)")(${KEY})"\s*\)`, "g"),
      new RegExp(String.raw`\bt\(\s*(?:[A-Za-z_.]+|"fa"|"en"),\s*"(${KEY})"\s*\)`, "g"),
      new RegExp(String.raw`\bshowMenu\(\s*ctx,\s*[\w.!]+,\s*"(${KEY})"\s*\)`, "g"),
    ];
    const named: string[] = [];
    const needy: string[] = [];
    for (const { file, text } of sources())
      for (const re of bare)
        for (const m of text.matchAll(re)) {
          named.push(m[1]!);
          const vars = faShapes.get(m[1]!)?.variables ?? [];
          if (vars.length) needy.push(`${file}: ${m[1]} needs ${vars.join(", ")}`);
        }
    expect(needy).toEqual([]);
    expect(new Set(named).size).toBeGreaterThan(100);
  });

  it("write numbers in Persian digits in every Persian message", () => {
    // Values come through variables, localised by the code; what the text itself spells
    // out (an example amount, a range) must read as the rest of the message does.
    const latin: string[] = [];
    let texts = 0;
    for (const entry of fa.body) {
      if (entry.type !== "Message" && entry.type !== "Term") continue;
      const id = entry.id.name;
      class Walk extends Visitor {
        override visitTextElement(node: { value: string }) {
          texts++;
          if (/[0-9]/.test(node.value)) latin.push(`${id}: ${node.value.trim()}`);
        }
      }
      new Walk().visit(entry);
    }
    expect(latin).toEqual([]);
    expect(texts).toBeGreaterThan(500);
  });
});

describe("English counts", () => {
  const i18n = createI18n(() => "en");
  const t = (lang: "fa" | "en", key: string, vars?: Record<string, string | number>) =>
    i18n.t(lang, key, vars);

  it.each([
    [1440, "in 1 day", "۱ روز دیگر"],
    [4320, "in 3 days", "۳ روز دیگر"],
    [60, "in 1 hour", "۱ ساعت دیگر"],
    [120, "in 2 hours", "۲ ساعت دیگر"],
    [1, "in 1 minute", "۱ دقیقه دیگر"],
    [45, "in 45 minutes", "۴۵ دقیقه دیگر"],
    [3060, "in 2 days and 3 hours", "۲ روز و ۳ ساعت دیگر"],
    [90, "in 1 hour and 30 minutes", "۱ ساعت و ۳۰ دقیقه دیگر"],
  ])("a reminder %i minutes ahead says %s", (minutes, en, fa) => {
    expect(offsetText(minutes, "en", t)).toBe(en);
    expect(offsetText(minutes, "fa", t)).toBe(fa);
  });

  it.each([
    ["stats-median-ack", { duration: "2 d 0 h", count: 1 }, "(over 1 report)"],
    ["stats-median-ack", { duration: "2 d 0 h", count: 3 }, "(over 3 reports)"],
    ["stats-median-resolve", { duration: "2 d 0 h", count: 1 }, "(over 1 report)"],
    ["stats-export-caption", { rows: 1 }, "ready: 1 row."],
    ["stats-export-caption", { rows: 0 }, "ready: 0 rows."],
    ["stats-digest-longest", { code: "8-1405-00001", title: "T", step: "S", days: 1 }, "for 1 day"],
    ["meeting-offset-days", { n: 1 }, "1 day"],
    ["meeting-offset-hours", { n: 2 }, "2 hours"],
  ] as const)("%s with %o says “%s”", (key, vars, text) => {
    const out = t("en", key, vars);
    expect(out).toContain(text);
    expect(out).not.toMatch(/\b1 (day|hour|minute|report|row)s\b/);
  });
});
