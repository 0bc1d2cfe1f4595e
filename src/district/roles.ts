import type { DistrictConfig } from "./schema.ts";

/**
 * Roles as written in people.csv and stored on a person: plain strings such as
 * "councillor" or "wg_secretary:urban_services", so a store filter like
 * `{ roles: "presidium" }` finds people directly.
 */
export const SIMPLE_ROLES = [
  "councillor",
  "neighborhood_secretary",
  "presidium",
  "liaison",
  "mayor",
  "admin",
] as const;
export const SUBJECT_ROLES = [
  "wg_member",
  "wg_secretary",
  "district_wg_secretary",
  "deputy",
] as const;
export const AREA_ROLES = ["area_mayor"] as const;

export type RoleKind =
  | (typeof SIMPLE_ROLES)[number]
  | (typeof SUBJECT_ROLES)[number]
  | (typeof AREA_ROLES)[number];

/** Roles that only make sense for someone who belongs to a neighbourhood. */
const NEEDS_NEIGHBORHOOD = new Set<RoleKind>([
  "councillor",
  "neighborhood_secretary",
  "wg_member",
  "wg_secretary",
]);

export interface ParsedRole {
  kind: RoleKind;
  subject?: string;
  area?: string;
}

export function parseRole(token: string): ParsedRole | undefined {
  const [kind, arg, extra] = token.split(":");
  if (extra !== undefined || kind === undefined) return undefined;
  if ((SIMPLE_ROLES as readonly string[]).includes(kind))
    return arg === undefined ? { kind: kind as RoleKind } : undefined;
  if ((SUBJECT_ROLES as readonly string[]).includes(kind))
    return arg ? { kind: kind as RoleKind, subject: arg } : undefined;
  if ((AREA_ROLES as readonly string[]).includes(kind))
    return arg ? { kind: kind as RoleKind, area: arg } : undefined;
  return undefined;
}

/**
 * Parses a `;`-separated role list against the district; returns the canonical role
 * strings (sorted, deduplicated) or a reason naming the first bad role.
 */
export function parseRoles(
  raw: string,
  district: DistrictConfig,
  neighborhood: string | null,
): { ok: true; roles: string[] } | { ok: false; reason: string } {
  const tokens = raw
    .split(";")
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.length === 0) return { ok: false, reason: "no roles given" };
  const subjects = new Set(district.subjects.map((s) => s.code));
  const areas = new Set(district.areas.map((a) => a.code));
  const roles = new Set<string>();
  for (const token of tokens) {
    const role = parseRole(token);
    if (!role) return { ok: false, reason: `unknown role "${token}"` };
    if (role.subject !== undefined && !subjects.has(role.subject))
      return { ok: false, reason: `role "${token}": no subject "${role.subject}" in the district` };
    if (role.area !== undefined && !areas.has(role.area))
      return { ok: false, reason: `role "${token}": no area "${role.area}" in the district` };
    if (NEEDS_NEIGHBORHOOD.has(role.kind) && !neighborhood)
      return { ok: false, reason: `role "${token}" needs a neighborhood` };
    roles.add(token);
  }
  return { ok: true, roles: [...roles].sort() };
}

export function hasRole(roles: readonly string[], kind: RoleKind, arg?: string): boolean {
  return roles.some((r) =>
    arg === undefined ? r === kind || r.startsWith(`${kind}:`) : r === `${kind}:${arg}`,
  );
}
