/**
 * A read-only Open311 GeoReport v2 endpoint for the district's reports (JSON only):
 * GET /services.json, GET /requests.json, GET /requests/{id}.json, where id is the tracking
 * code. Off unless configured; every request needs the API key (`api_key` parameter).
 * Nothing that identifies a person leaves here: no names, phone numbers, person or chat ids.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DistrictDoc } from "../district/schema.ts";
import { findNeighborhood } from "../district/schema.ts";
import { toLatinDigits } from "../domain/digits.ts";
import type { ReportState } from "../domain/reports.ts";
import { TEHRAN_TZ, zonedTimeToUtc } from "../domain/time.ts";
import { REPORTS, type ReportDoc } from "../reports/types.ts";
import type { Repos } from "../repos/index.ts";
import type { Filter, Store } from "../store/port.ts";

export const OPEN_STATES_311: readonly ReportState[] = [
  "submitted",
  "acknowledged",
  "referred",
  "reopened",
];
/** Open311 allows a default window and a cap on results (the spec suggests 90 days / 1000). */
export const DEFAULT_WINDOW_MS = 90 * 86_400_000;
export const MAX_RESULTS = 1000;

export function open311Status(state: ReportState): "open" | "closed" {
  return OPEN_STATES_311.includes(state) ? "open" : "closed";
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-29T10:00:00+03:30 (the spec's w3 format). */
export function isoInZone(ts: number, tz: string): string {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    calendar: "gregory",
    numberingSystem: "latn",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ts)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour! % 24, +p.minute!, +p.second!);
  const offMin = Math.round((wall - Math.floor(ts / 1000) * 1000) / 60_000);
  const sign = offMin < 0 ? "-" : "+";
  const abs = Math.abs(offMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${p.year}-${p.month}-${p.day}T${String(+p.hour! % 24).padStart(2, "0")}:${p.minute}:${p.second}${off}`;
}

/** Neutral status notes (never the officials' free text, which may name people). */
const STATUS_NOTES: Record<ReportState, string> = {
  submitted: "Received; waiting for the responsible working group.",
  acknowledged: "Acknowledged by the responsible working group.",
  referred: "Referred to the municipality.",
  resolved: "Reported as resolved; waiting for confirmation.",
  closed: "Resolved and confirmed.",
  rejected: "Closed without action (duplicate or out of scope).",
  reopened: "Reopened: the problem was reported as not fixed.",
};

export function serviceList(district: DistrictDoc) {
  return district.subjects.map((s) => ({
    service_code: s.code,
    service_name: s.name.fa,
    description: s.name.en,
    metadata: false,
    type: "realtime",
    keywords: [s.code, s.name.en].join(","),
    group: s.deputy ? (district.deputies.find((d) => d.code === s.deputy)?.name.fa ?? "") : "",
  }));
}

/** One report as an Open311 service request. Only public-problem fields are copied. */
export function toServiceRequest(r: ReportDoc, district: DistrictDoc) {
  const subject = district.subjects.find((s) => s.code === r.subject);
  const deputy = subject?.deputy
    ? district.deputies.find((d) => d.code === subject.deputy)
    : undefined;
  const hood = findNeighborhood(district, r.neighborhood);
  const loc = r.location;
  const point = loc && "lat" in loc ? loc : undefined;
  const status = open311Status(r.state);
  return {
    service_request_id: r.code,
    status,
    status_notes: STATUS_NOTES[r.state],
    service_name: subject?.name.fa ?? r.subject,
    service_code: r.subject,
    description: r.description,
    agency_responsible: deputy?.name.fa ?? district.name.fa,
    service_notice: "",
    requested_datetime: isoInZone(r.createdAt, district.timeZone),
    updated_datetime: isoInZone(r.updatedAt, district.timeZone),
    expected_datetime:
      status === "open" && r.deadlineAt !== undefined
        ? isoInZone(r.deadlineAt, district.timeZone)
        : null,
    address:
      loc && "address" in loc
        ? loc.address
        : `${hood?.name.fa ?? r.neighborhood}، ${district.name.fa}`,
    address_id: "",
    zipcode: "",
    lat: point ? point.lat : null,
    long: point ? point.lon : null,
    media_url: "",
  };
}

function keyMatches(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(json);
}

const error = (res: ServerResponse, status: number, description: string) =>
  send(res, status, [{ code: status, description }]);

export interface Open311Options {
  store: Store;
  repos: Repos;
  port: number;
  apiKey: string;
  host?: string;
  /** Clock for the default 90-day window; defaults to Date.now. */
  now?: () => number;
}

export interface Open311Handle {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * The dates this feed reads (ISO 8601 / W3C): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date and
 * time `YYYY-MM-DDThh:mm[:ss[.s…]]`, any number of decimals (cut to milliseconds), with `Z`,
 * `±hh:mm`, `±hhmm`, `±hh` or no offset. Group 8 is the offset; a "+" sent unencoded arrives
 * as a space, so " hh:mm" after a time is read as "+hh:mm".
 */
const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?| \d{2}:\d{2})?)?)?)?$/;

/** What a caller is told when a date parameter is not one of those forms. */
const DATE_FORMS =
  "must be an ISO 8601 date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.sss]] with Z, ±hh:mm or no offset (Tehran time).";

/** The first moment of a Tehran calendar day; month and day may overflow (Date.UTC rolls them over). */
function tehranStart(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day));
  return zonedTimeToUtc(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    },
    TEHRAN_TZ,
  );
}

/**
 * A date parameter as an instant, null when it is not a date (see DATE; an impossible day
 * such as 31 February is not one). One without an offset is a wall time in Tehran, the
 * district's zone, whatever the server's own zone is. A year, month or day without a time
 * is a period in Tehran: its first moment, or with `periodEnd` its last — `end_date=2026-11`
 * includes all of November, as a person asking for requests "up to November" means.
 */
function parseDate(v: string | null, periodEnd = false): number | null | undefined {
  if (v === null || v === "") return undefined;
  const m = DATE.exec(toLatinDigits(v).trim());
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo ?? 1);
  const day = Number(d ?? 1);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hh === undefined) {
    if (!periodEnd) return tehranStart(year, month, day);
    // The next period's first moment, less one millisecond (the window's bounds are inclusive).
    if (d !== undefined) return tehranStart(year, month, day + 1) - 1;
    if (mo !== undefined) return tehranStart(year, month + 1, 1) - 1;
    return tehranStart(year + 1, 1, 1) - 1;
  }
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millisecond = Number((frac ?? "").slice(0, 3).padEnd(3, "0"));
  const wall = { year, month, day, hour, minute, second, millisecond };
  if (offset === undefined) return zonedTimeToUtc(wall, TEHRAN_TZ);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (offset === "Z" || offset === "z") return utc;
  const sign = offset.startsWith("-") ? -1 : 1;
  const oh = Number(offset.slice(1, 3));
  const om = offset.length > 3 ? Number(offset.slice(-2)) : 0;
  if (oh > 23 || om > 59) return null;
  return utc - sign * (oh * 60 + om) * 60_000;
}

/** A path segment as text, or null when its percent-encoding is broken. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, o: Open311Options): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD")
    return error(res, 405, "Only GET is supported.");
  const url = new URL(req.url ?? "/", "http://open311.local");
  const q = url.searchParams;
  const key = q.get("api_key");
  if (!key) return error(res, 401, "An api_key parameter is required.");
  if (!keyMatches(key, o.apiKey)) return error(res, 403, "The api_key is not valid.");

  const districts = await o.repos.districts.all();
  const jid = q.get("jurisdiction_id");
  const scope = jid ? districts.filter((d) => d._id === jid) : districts;
  if (jid && !scope.length) return error(res, 404, "Unknown jurisdiction_id.");
  const byId = new Map(scope.map((d) => [d._id, d]));
  const path = url.pathname.replace(/\/+$/, "");

  if (path === "/services.json") {
    const seen = new Set<string>();
    const out = scope
      .flatMap(serviceList)
      .filter((s) => !seen.has(s.service_code) && seen.add(s.service_code));
    return send(res, 200, out);
  }

  const col = o.store.collection<ReportDoc>(REPORTS);
  const one = /^\/requests\/([^/]+)\.json$/.exec(path);
  if (one) {
    const raw = decoded(one[1]!);
    if (raw === null) return error(res, 404, "No service request with that id.");
    const code = toLatinDigits(raw);
    const r = await col.findOne({ code, districtId: { $in: [...byId.keys()] } });
    const d = r ? byId.get(r.districtId) : undefined;
    if (!r || !d) return error(res, 404, "No service request with that id.");
    return send(res, 200, [toServiceRequest(r, d)]);
  }

  if (path === "/requests.json") {
    const filter: Filter = { districtId: { $in: [...byId.keys()] } };
    const codes = q.get("service_request_id");
    if (codes) filter.code = { $in: codes.split(",").map((c) => toLatinDigits(c.trim())) };
    const service = q.get("service_code");
    if (service) filter.subject = { $in: service.split(",").map((s) => s.trim()) };
    const status = q.get("status");
    if (status) {
      const wanted = status.split(",").map((s) => s.trim());
      if (wanted.some((s) => s !== "open" && s !== "closed"))
        return error(res, 400, "status must be open or closed.");
      const states = (
        [
          "submitted",
          "acknowledged",
          "referred",
          "resolved",
          "closed",
          "rejected",
          "reopened",
        ] as const
      ).filter((s) => wanted.includes(open311Status(s)));
      filter.state = { $in: states };
    }
    const start = parseDate(q.get("start_date"));
    if (start === null) return error(res, 400, `start_date ${DATE_FORMS}`);
    const end = parseDate(q.get("end_date"), true);
    if (end === null) return error(res, 400, `end_date ${DATE_FORMS}`);
    if (!codes) {
      // The spec's default window: the last 90 days (or 90 days before/after the one bound given).
      const now = (o.now ?? Date.now)();
      const to = end ?? (start !== undefined ? start + DEFAULT_WINDOW_MS : now + 1);
      const from = start ?? to - DEFAULT_WINDOW_MS;
      filter.createdAt = { $gte: from, $lte: to };
    }
    const rows = await col.find(filter, { sort: { createdAt: -1 }, limit: MAX_RESULTS });
    return send(
      res,
      200,
      rows.map((r) => toServiceRequest(r, byId.get(r.districtId)!)),
    );
  }
  if (path.endsWith(".xml") || /\/requests\/[^/]+\.xml$/.test(path))
    return error(res, 400, "Only the JSON format is supported.");
  return error(res, 404, "Not found.");
}

/** Starts the endpoint (loopback unless `host` says otherwise); `port` 0 picks a free port. */
export async function startOpen311Server(o: Open311Options): Promise<Open311Handle> {
  if (!o.apiKey) throw new Error("open311: an API key is required");
  const server = createServer((req, res) => {
    handle(req, res, o).catch(() => {
      if (!res.headersSent) error(res, 500, "Internal error.");
      else res.end();
    });
  });
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
