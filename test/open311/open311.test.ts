import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { toLocalPhone } from "../../src/domain/phone.ts";
import { type Open311Handle, startOpen311Server } from "../../src/open311/index.ts";
import { type Harness, PEOPLE, signIn, startHarness } from "../helpers/harness.ts";
import { act, seedReport } from "../stats/seed.ts";

const KEY = "test-open311-key-0123456789";
let h: Harness;
let api: Open311Handle;
const codes: string[] = [];

/** The fields GeoReport v2 lists for a service request. */
const REQUEST_FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
].sort();
const SERVICE_FIELDS = [
  "service_code",
  "service_name",
  "description",
  "metadata",
  "type",
  "keywords",
  "group",
].sort();

beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  await signIn(h.client(), PEOPLE.councillor.phone);
  await signIn(h.client(), PEOPLE.presidium.phone);
  const a = await seedReport(h, { location: { lat: 35.7321, lon: 51.5012 } });
  const b = await seedReport(h, {
    phone: "989121000008",
    subject: "environment",
    description: "درختان خیابان فرجام خشک شده‌اند",
    location: { address: "خیابان فرجام، نبش کوچهٔ سوم" },
  });
  h.clock.advance(3_600_000);
  await act(h, b._id, "reject", PEOPLE.presidium.phone);
  codes.push(a.code, b.code);
  api = await startOpen311Server({
    store: h.store,
    repos: h.repos,
    port: 0,
    apiKey: KEY,
    now: () => h.clock.now(),
  });
});
afterAll(async () => {
  await api?.close();
  await h?.stop();
});

async function get(path: string, key: string | null = KEY) {
  const url = new URL(path, api.url);
  if (key !== null) url.searchParams.set("api_key", key);
  const res = await fetch(url);
  // biome-ignore lint/suspicious/noExplicitAny: JSON under test, checked field by field
  const body: any = await res.json();
  return { status: res.status, type: res.headers.get("content-type"), body };
}

describe("Open311 GeoReport v2", () => {
  it("refuses requests without the key (401) or with a wrong one (403)", async () => {
    const none = await get("/requests.json", null);
    expect(none.status).toBe(401);
    expect(none.body[0]).toMatchObject({ code: 401 });
    const wrong = await get("/requests.json", "not-the-key-at-all-000");
    expect(wrong.status).toBe(403);
    expect((await get("/services.json", KEY.slice(0, -1))).status).toBe(403);
  });

  it("lists the district's subjects as services", async () => {
    const r = await get("/services.json");
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/application\/json/);
    expect(r.body.map((s: { service_code: string }) => s.service_code)).toContain("urban_services");
    for (const s of r.body) expect(Object.keys(s).sort()).toEqual(SERVICE_FIELDS);
    expect(
      r.body.find((s: { service_code: string }) => s.service_code === "environment"),
    ).toMatchObject({
      service_name: "محیط زیست",
      metadata: false,
      type: "realtime",
    });
  });

  it("lists requests with exactly the standard's fields, states mapped to open/closed", async () => {
    const r = await get("/requests.json");
    expect(r.status).toBe(200);
    expect(r.body.map((x: { service_request_id: string }) => x.service_request_id).sort()).toEqual(
      [...codes].sort(),
    );
    for (const x of r.body) expect(Object.keys(x).sort()).toEqual(REQUEST_FIELDS);
    const [a, b] = codes.map((c) =>
      r.body.find((x: { service_request_id: string }) => x.service_request_id === c),
    );
    expect(a).toMatchObject({
      status: "open",
      service_code: "urban_services",
      service_name: "خدمات شهری",
      lat: 35.7321,
      long: 51.5012,
      agency_responsible: "معاونت خدمات شهری و محیط زیست",
    });
    expect(a.requested_datetime).toMatch(/^2026-11-29T10:00:00\+03:30$/);
    expect(a.expected_datetime).toMatch(/\+03:30$/);
    expect(b).toMatchObject({
      status: "closed",
      address: "خیابان فرجام، نبش کوچهٔ سوم",
      lat: null,
      expected_datetime: null,
    });
  });

  it("filters by service_code, status and dates, and finds one request by its code", async () => {
    const env = await get("/requests.json?service_code=environment");
    expect(env.body.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([
      codes[1],
    ]);
    const open = await get("/requests.json?status=open");
    expect(open.body.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([
      codes[0],
    ]);
    const closed = await get("/requests.json?status=closed&service_code=urban_services");
    expect(closed.body).toEqual([]);
    const future = await get("/requests.json?start_date=2026-12-01T00:00:00Z");
    expect(future.body).toEqual([]);
    const window = await get(
      "/requests.json?start_date=2026-11-29T00:00:00%2B03:30&end_date=2026-11-30T00:00:00Z",
    );
    expect(window.body).toHaveLength(2);
    const before = await get("/requests.json?end_date=2026-11-28T00:00:00Z");
    expect(before.body).toEqual([]);
    // Without an offset a time is Tehran's (the tests run far from Tehran, so the server's
    // own zone would shift the day): both were filed on 8 Azar (29 Nov) at 10:00 Tehran.
    const day = await get(
      "/requests.json?start_date=2026-11-29T00:00:00&end_date=2026-11-29T23:59:59",
    );
    expect(day.body).toHaveLength(2);
    expect((await get("/requests.json?start_date=2026-11-29")).body).toHaveLength(2);
    // A bare end date includes its day (both were filed at 10:00 on it); the day before has none.
    expect((await get("/requests.json?end_date=2026-11-29")).body).toHaveLength(2);
    expect((await get("/requests.json?end_date=2026-11-28")).body).toEqual([]);
    expect(
      (await get("/requests.json?start_date=2026-11-29&end_date=2026-11-29")).body,
    ).toHaveLength(2);
    expect((await get("/requests.json?end_date=2026-11-29T09:59")).body).toEqual([]);
    expect((await get("/requests.json?start_date=2026-11-29T10:01")).body).toEqual([]);
    expect((await get("/requests.json?start_date=2026-13-01")).status).toBe(400);
    expect((await get("/requests.json?status=maybe")).status).toBe(400);
    expect((await get("/requests.json?start_date=yesterday")).status).toBe(400);
    expect((await get("/requests.json?jurisdiction_id=d8")).body).toHaveLength(2);
    expect((await get("/requests.json?jurisdiction_id=d99")).status).toBe(404);

    const one = await get(`/requests/${codes[0]}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(1);
    expect(one.body[0].service_request_id).toBe(codes[0]);
    expect((await get("/requests/8-1405-99999.json")).status).toBe(404);
    // A broken percent-encoding is no such request, not a server error.
    expect((await get("/requests/%E0%A4%A.json")).status).toBe(404);
    expect((await get("/nowhere.json")).status).toBe(404);
  });

  it("reads dates the same in any time zone: decimals, years and months, offsets; anything else is a 400", async () => {
    const n = async (query: string) => {
      const r = await get(`/requests.json?${query}`);
      expect(r.status, query).toBe(200);
      return r.body.length;
    };
    // Both were filed at 10:00 Tehran on 29 Nov: a two-second window around it, at any precision.
    for (const frac of ["", ".0", ".000", ".000000", ".000000000"])
      expect(
        await n(`start_date=2026-11-29T09:59:59${frac}&end_date=2026-11-29T10:00:01${frac}`),
      ).toBe(2);
    expect(await n("start_date=2026-11-29T10:00:01.000000")).toBe(0);
    // A year or a month is a Tehran period; as end_date it includes the whole period.
    expect(await n("start_date=2026-11&end_date=2026-11")).toBe(2);
    expect(await n("start_date=2026&end_date=2026")).toBe(2);
    expect(await n("end_date=2026-10")).toBe(0);
    expect(await n("start_date=2026-12")).toBe(0);
    expect(await n("end_date=2025")).toBe(0);
    // Offsets: 06:30Z and 10:00+03:30 are the filing time; a "+" sent unencoded arrives as a space.
    expect(await n("start_date=2026-11-29T06:29:59.999999Z&end_date=2026-11-29T06:30:01Z")).toBe(2);
    expect(
      await n("start_date=2026-11-29T09:59:59%2B0330&end_date=2026-11-29T10:00:01%2B03:30"),
    ).toBe(2);
    expect(await n("start_date=2026-11-29T09:59:59+03:30&end_date=2026-11-29T10:00:01+03:30")).toBe(
      2,
    );
    expect(await n("end_date=2026-11-29T09:59:59%2B03:30")).toBe(0);
    for (const [name, value] of [
      ["start_date", "1"],
      ["start_date", "2026-02-31"],
      ["end_date", "2026-11-31"],
      ["start_date", "Nov 29 2026"],
      ["end_date", "29/11/2026"],
      ["start_date", "2026-11-29T24:00"],
      ["end_date", "2026-11-29T10:00:00+25:00"],
      ["start_date", "2026-11-29+03:30"],
    ]) {
      const r = await get(`/requests.json?${name}=${encodeURIComponent(value!)}`);
      expect(r.status, value).toBe(400);
      expect(r.body[0].description, value).toMatch(new RegExp(`^${name} must be an ISO 8601 date`));
    }
  });

  it("leaks no personal data: no roster name, phone, person id or chat id", async () => {
    const text = JSON.stringify([
      (await get("/requests.json")).body,
      (await get(`/requests/${codes[0]}.json`)).body,
      (await get(`/requests/${codes[1]}.json`)).body,
      (await get("/services.json")).body,
    ]);
    const people = await h.repos.people.col.find({});
    expect(people.length).toBeGreaterThan(20);
    const identities = await h.repos.identities.col.find({});
    const reports = await h.app.services.reports.col.find({});
    const needles = [
      ...people.flatMap((p) => [p.name, p.phone, toLocalPhone(p.phone), p._id, p.phone.slice(2)]),
      ...identities.flatMap((i) => [String(i.chatId), String(i.userId), i._id]),
      ...reports.flatMap((r) => [r._id, r.reporterId, String(r.reporter.chatId)]),
    ];
    for (const n of needles) expect(text, `leaked ${n}`).not.toContain(n);
  });

  it("is off by default and needs a key when a port is set", () => {
    expect(loadConfig({}).open311).toBeUndefined();
    expect(() => loadConfig({ OPEN311_PORT: "8311" })).toThrow(/OPEN311_API_KEY/);
    expect(() => loadConfig({ OPEN311_PORT: "8311", OPEN311_API_KEY: "short" })).toThrow(
      /OPEN311_API_KEY/,
    );
    expect(loadConfig({ OPEN311_PORT: "8311", OPEN311_API_KEY: KEY }).open311).toEqual({
      port: 8311,
      apiKey: KEY,
    });
  });
});

describe("the Open311 feed the app serves", () => {
  it("is on when configured, and its default window ends at the app's now", async () => {
    const served = await startHarness({ platforms: ["telegram"], open311ApiKey: KEY });
    try {
      // A year and more after the real date: a feed reading the machine's time would look
      // for reports a year before this one and find none.
      served.clock.advance(400 * 86_400_000);
      const r = await seedReport(served, { description: "چاله‌ای بزرگ جلوی مدرسهٔ محله" });
      const url = new URL("/requests.json", served.app.open311Url);
      url.searchParams.set("api_key", KEY);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { service_request_id: string }[];
      expect(body.map((x) => x.service_request_id)).toEqual([r.code]);
    } finally {
      await served.stop();
    }
  });
});
