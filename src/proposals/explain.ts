import { localizeDigits } from "../domain/digits.ts";
import { formatDateTime } from "../domain/time.ts";
import type { Lang } from "../repos/types.ts";
import type { ProposalResult } from "./service.ts";

export interface Explained {
  key: string;
  vars: Record<string, string>;
  at?: number;
}

/**
 * An outcome as a locale key and JSON-safe variables (conversations keep results in their
 * replay log). A stale press names the last thing that happened, by whom and when; when
 * what came too late was typed, not pressed, `typed` says what it was (a button's wording
 * would not fit).
 */
export function explainProposal(
  r: ProposalResult,
  okKey: string,
  typed?: "comment" | "reason" | "paper",
): Explained {
  if (r.ok) return { key: okKey, vars: { code: r.proposal.code ?? "", state: r.proposal.state } };
  if (r.why === "stale")
    return {
      key: typed ? "proposal-stale-typed" : "proposal-stale",
      vars: {
        ...(typed ? { what: typed } : {}),
        code: r.proposal.code ?? "",
        state: r.proposal.state,
        by: r.lastBy ?? "none",
        action: r.last?.action.replace("proposal.", "") ?? "none",
        at: "none",
      },
      ...(r.last ? { at: r.last.at } : {}),
    };
  if (r.why === "role_gone")
    return {
      key: "proposal-role-gone",
      vars: { code: r.proposal.code ?? "", stepFa: r.stepFa, stepEn: r.stepEn },
    };
  return { key: `proposal-${r.why.replace("_", "-")}`, vars: {} };
}

export function explainedText(
  t: (key: string, vars?: Record<string, string | number>) => string,
  lang: Lang,
  e: Explained,
): string {
  const vars: Record<string, string> = { ...e.vars, code: localizeDigits(e.vars.code ?? "", lang) };
  if (e.vars.state) vars.state = t(`proposal-state-${e.vars.state}`);
  if (e.vars.action && e.vars.action !== "none")
    vars.action = t(`proposal-history-${e.vars.action}`);
  if (e.vars.stepFa !== undefined)
    vars.step = lang === "fa" ? e.vars.stepFa : (e.vars.stepEn ?? "");
  if (e.at !== undefined) vars.at = formatDateTime(e.at, lang);
  return t(e.key, vars);
}
