import { localizeDigits } from "../domain/digits.ts";
import { formatDateTime } from "../domain/time.ts";
import type { Lang } from "../repos/types.ts";
import type { ActResult } from "./service.ts";

/**
 * Turns an action's outcome into a locale key and JSON-safe variables (conversations keep
 * results in their replay log). Times are epoch ms; callers format them for the person.
 */
export function explainResult(
  r: ActResult,
  okKey = "report-done-ack",
): { key: string; vars: Record<string, string>; at?: number } {
  if (r.ok) return { key: okKey, vars: { code: r.report.code, state: r.report.state } };
  if ("unavailable" in r)
    return {
      key: "report-noagree-unavailable",
      vars: { code: r.report.code, step: r.report.step },
    };
  if ("notOpen" in r)
    return { key: "report-answer-not-open", vars: { code: r.report.code, state: r.report.state } };
  if ("original" in r)
    return {
      key: `report-duplicate-original-${r.original}`,
      vars: { code: r.report.code, original: r.duplicateOf },
    };
  if ("roleGone" in r)
    return { key: "report-role-gone", vars: { code: r.report.code, step: r.report.step } };
  if (r.why === "stale" && r.superseded)
    return { key: "report-confirm-superseded", vars: { code: r.report.code } };
  if (r.why === "stale")
    return {
      key: "report-stale",
      vars: { code: r.report.code, state: r.report.state, by: r.lastBy ?? "none", at: "none" },
      at: r.last?.at,
    };
  return { key: `report-${r.why === "not_found" ? "not-found" : r.why}`, vars: {} };
}

/** The person-facing sentence for an explained outcome. */
export function resultText(
  t: (key: string, vars?: Record<string, string | number>) => string,
  lang: Lang,
  e: { key: string; vars: Record<string, string>; at?: number },
  fallbackCode = "",
): string {
  const vars: Record<string, string> = {
    ...e.vars,
    code: localizeDigits(e.vars.code ?? fallbackCode, lang),
  };
  if (e.vars.original) vars.original = localizeDigits(e.vars.original, lang);
  if (e.vars.state) vars.state = t(`report-state-${e.vars.state}`);
  if (e.vars.step)
    vars.step = t(
      e.vars.step.startsWith("deputy:") ? "report-step-deputy" : `report-step-${e.vars.step}`,
    );
  if (e.at !== undefined) vars.at = formatDateTime(e.at, lang);
  return t(e.key, vars);
}
