import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, normalize, sep } from "node:path";
import { createI18n } from "../bot/i18n.ts";
import { parseRole, type RoleKind } from "../district/roles.ts";
import type { Emulator, ExtraRoute } from "../emulator/server.ts";
import { ROOT } from "../paths.ts";
import type { Repos } from "../repos/index.ts";
import type { Lang, Platform } from "../repos/types.ts";

/** One person of the roster the web chat can act as. */
export interface Persona {
  /** The fake messenger user id: deterministic, so a persona keeps its chat across restarts. */
  userId: number;
  name: string;
  /** Canonical 98XXXXXXXXXX; shared as the contact when the bot asks for the number. */
  phone: string;
  /** The persona's most telling role, in both UI languages. */
  roleLabel: Record<Lang, string>;
  neighborhood: { code: string; name: Record<Lang, string> } | null;
  /** Role kinds (e.g. "councillor", "presidium") so the page can sort and filter. */
  roles: string[];
}

export interface WebChatBot {
  platform: Platform;
  token: string;
}

export interface WebChatOptions {
  bots: WebChatBot[];
  personas: Persona[];
}

export const PUBLIC_DIR = join(ROOT, "src", "webchat", "public");
/** First id of personas: far from the ids tests use, stable per phone number. */
export const PERSONA_ID_BASE = 7_000_000;

// Which role names a persona in the switcher when a person has several.
const ROLE_PRIORITY: RoleKind[] = [
  "mayor",
  "liaison",
  "presidium",
  "district_wg_secretary",
  "wg_secretary",
  "neighborhood_secretary",
  "deputy",
  "area_mayor",
  "admin",
  "councillor",
  "wg_member",
];

/**
 * The people of every district in the store as personas. Ids are PERSONA_ID_BASE + the last
 * six digits of the phone (bumped on a clash, in a stable order), so they survive restarts.
 */
export async function personasFromRoster(repos: Repos): Promise<Persona[]> {
  const i18n = createI18n(() => undefined);
  const districts = await repos.districts.all();
  const byId = new Map(districts.map((d) => [d._id, d]));
  const people = await repos.people.col.find({ active: true }, { sort: { _id: 1 } });
  const used = new Set<number>();
  const personas: Persona[] = [];
  for (const person of people) {
    const district = byId.get(person.districtId);
    let userId = PERSONA_ID_BASE + (Number(person.phone.slice(-6)) || 0);
    while (used.has(userId)) userId++;
    used.add(userId);
    const parsed = person.roles.flatMap((r) => {
      const role = parseRole(r);
      return role ? [role] : [];
    });
    parsed.sort((a, b) => ROLE_PRIORITY.indexOf(a.kind) - ROLE_PRIORITY.indexOf(b.kind));
    const main = parsed[0];
    const label = (lang: Lang): string => {
      if (!main) return "";
      const subject = main.subject
        ? (district?.subjects.find((s) => s.code === main.subject)?.name[lang] ?? main.subject)
        : "";
      const area = main.area
        ? (district?.areas.find((a) => a.code === main.area)?.name[lang] ?? main.area)
        : "";
      return i18n.t(lang, `role-${main.kind}`, { subject, area });
    };
    const hood = person.neighborhood
      ? district?.areas.flatMap((a) => a.neighborhoods).find((n) => n.code === person.neighborhood)
      : undefined;
    personas.push({
      userId,
      name: person.name,
      phone: person.phone,
      roleLabel: { fa: label("fa"), en: label("en") },
      neighborhood: person.neighborhood
        ? {
            code: person.neighborhood,
            name: hood?.name ?? { fa: person.neighborhood, en: person.neighborhood },
          }
        : null,
      roles: parsed.map((r) => r.kind),
    });
  }
  return personas;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

function fontPath(): string {
  const pkg = createRequire(import.meta.url).resolve("vazirmatn/package.json");
  return join(dirname(pkg), "fonts", "webfonts", "Vazirmatn[wght].woff2");
}

/**
 * The web chat's routes: `/` (the page), `/webchat/*` (its files and the Vazirmatn font) and
 * `/_webchat/config` (bots and personas). Everything else the page uses is the emulator's
 * control API on the same origin.
 */
export function webChatRoute(opts: WebChatOptions): ExtraRoute {
  const config = JSON.stringify({ bots: opts.bots, personas: opts.personas });
  const font = fontPath();
  return async (req, res, url) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = url.pathname;
    let file: string | undefined;
    if (path === "/_webchat/config") {
      res.writeHead(200, {
        "content-type": TYPES[".json"]!,
        "cache-control": "no-store",
        "content-length": Buffer.byteLength(config),
      });
      res.end(req.method === "HEAD" ? undefined : config);
      return true;
    }
    if (path === "/" || path === "/index.html") file = join(PUBLIC_DIR, "index.html");
    else if (path === "/webchat/vazirmatn.woff2") file = font;
    else if (path.startsWith("/webchat/")) {
      let name: string;
      try {
        name = decodeURIComponent(path.slice("/webchat/".length));
      } catch {
        return false; // broken percent-encoding: no such file
      }
      const rel = normalize(name);
      // Only plain files of the public folder: no dot-dot, no sub-folders, known types.
      if (rel.includes(sep) || rel.startsWith(".") || !(extOf(rel) in TYPES)) return false;
      file = join(PUBLIC_DIR, rel);
    }
    if (!file) return false;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return false;
    }
    res.writeHead(200, {
      "content-type": TYPES[extOf(file)] ?? "application/octet-stream",
      "content-length": bytes.length,
      "cache-control": "no-cache",
      // The page loads nothing from elsewhere; say so, so a slip can't phone home.
      "content-security-policy":
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; font-src 'self'; connect-src 'self'",
    });
    res.end(req.method === "HEAD" ? undefined : bytes);
    return true;
  };
}

function extOf(name: string): string {
  const i = name.lastIndexOf(".");
  return i < 0 ? "" : name.slice(i).toLowerCase();
}

/**
 * Mounts the web chat on the emulator's server (same origin as its control API).
 * Returns the page's address and a function that unmounts it.
 */
export function attachWebChat(
  emulator: Emulator,
  opts: WebChatOptions,
): { url: string; detach: () => void } {
  const detach = emulator.use(webChatRoute(opts));
  return { url: `${emulator.url}/`, detach };
}
