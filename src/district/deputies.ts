import type { DistrictDoc } from "./schema.ts";

type Deputy = Pick<DistrictDoc["deputies"][number], "code" | "name">;

/**
 * The code of the deputy a referral went to, from what the owner picked: the code when it
 * is still listed, else the deputy's Persian or English name (referrals recorded before
 * codes were kept carry only the names). Undefined for a unit typed in by hand.
 */
export function referredDeputy(
  deputies: readonly Deputy[],
  r: { deputyCode?: unknown; deputy?: unknown; deputyEn?: unknown },
): string | undefined {
  const code = typeof r.deputyCode === "string" ? r.deputyCode : undefined;
  if (code && deputies.some((d) => d.code === code)) return code;
  const fa = typeof r.deputy === "string" ? r.deputy.trim() : "";
  const en = typeof r.deputyEn === "string" ? r.deputyEn.trim() : "";
  return deputies.find((d) => (fa && d.name.fa === fa) || (en && d.name.en === en))?.code;
}
