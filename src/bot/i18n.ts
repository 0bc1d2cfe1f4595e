import { join } from "node:path";
import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { ROOT } from "../paths.ts";
import type { Lang } from "../repos/types.ts";

export const LOCALES_DIR = join(ROOT, "locales");
export const LANGS: readonly Lang[] = ["fa", "en"];
export const DEFAULT_LANG: Lang = "fa";

export function isLang(value: unknown): value is Lang {
  return value === "fa" || value === "en";
}

/**
 * One Fluent-backed translator for the whole process. The locale of each update is
 * decided by `resolveLang` (the person's stored choice), so conversations — whose
 * context objects never pass the outer middleware — translate the same way.
 */
export function createI18n<C extends Context>(resolveLang: (ctx: C) => Lang | undefined): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale: DEFAULT_LANG,
    useSession: false,
    // Isolation marks would litter plain-text messages; RTL/LTR mixing is handled where it matters.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => resolveLang(ctx) ?? DEFAULT_LANG,
  });
  i18n.loadLocalesDirSync(LOCALES_DIR);
  memoizeBundleMatching(i18n.fluent);
  return i18n;
}

/** Plain translation outside an update (notifications, CLI). */
export type Translate = (lang: Lang, key: string, vars?: Record<string, string | number>) => string;

/**
 * Fluent negotiates the locale list against every bundle on each message it renders — a
 * few percent of an update's CPU time in the benchmark. The bundles are all loaded above
 * and never change afterwards, so each locale list's answer is kept.
 */
function memoizeBundleMatching(fluent: I18n["fluent"]): void {
  const target = fluent as unknown as { matchBundles(locales: string[]): Set<unknown> };
  const match = target.matchBundles.bind(target);
  const memo = new Map<string, Set<unknown>>();
  target.matchBundles = (locales) => {
    const key = locales.join(",");
    let hit = memo.get(key);
    if (!hit) {
      hit = match(locales);
      if (memo.size < 64) memo.set(key, hit); // locale lists come from a short fixed set
    }
    return hit;
  };
}
