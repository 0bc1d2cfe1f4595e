import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { jalaliToUtc } from "../../src/domain/time.ts";
import {
  type AuditRow,
  digest,
  median,
  type ReportRow,
  reportStats,
  rungVisits,
} from "../../src/stats/compute.ts";
import { csvBytes, csvField } from "../../src/stats/csv.ts";
import { customPeriod, namedPeriod, parseCompactDate } from "../../src/stats/period.ts";

const H = 3_600_000;
const D = 24 * H;
const T0 = jalaliToUtc({ jy: 1405, jm: 9, jd: 1, hour: 9 });

const URBAN = {
  code: "urban_services",
  name: { fa: "معاونت خدمات شهری و محیط زیست", en: "Deputy for Urban Services and Environment" },
};
const TRANSPORT = {
  code: "transport",
  name: { fa: "معاونت حمل‌ونقل و ترافیک", en: "Deputy for Transport and Traffic" },
};
const DEPUTIES = [URBAN, TRANSPORT];

const report = (id: string, over: Partial<ReportRow> = {}): ReportRow => ({
  _id: id,
  code: `8-1405-${id}`,
  subject: "urban_services",
  neighborhood: "narmak",
  state: "submitted",
  createdAt: T0,
  breaches: 0,
  ...over,
});
const a = (
  itemId: string,
  at: number,
  action: string,
  data?: Record<string, unknown>,
): AuditRow => ({
  itemId,
  at,
  action,
  ...(data ? { data } : {}),
});

describe("periods", () => {
  it.each([
    ["this_month", [1405, 9, 1], [1405, 9, 30]],
    ["last_month", [1405, 8, 1], [1405, 8, 30]],
    ["this_year", [1405, 1, 1], [1405, 12, 29]],
  ] as const)("%s around 8 Azar 1405", (kind, first, last) => {
    const p = namedPeriod(kind, jalaliToUtc({ jy: 1405, jm: 9, jd: 8, hour: 10 }));
    expect([p.first.jy, p.first.jm, p.first.jd]).toEqual(first);
    expect([p.last.jy, p.last.jm, p.last.jd]).toEqual(last);
    expect(p.from).toBe(jalaliToUtc({ jy: first[0], jm: first[1], jd: first[2] }));
  });

  it("last month of Farvardin is last year's Esfand", () => {
    const p = namedPeriod("last_month", jalaliToUtc({ jy: 1405, jm: 1, jd: 10 }));
    expect(p.first).toEqual({ jy: 1404, jm: 12, jd: 1 });
  });

  it.each([
    ["۱۴۰۵/۰۷/۰۱", "1405-9-30", true, ""],
    ["1405/07/01", "۱۴۰۵/۰۷/۰۱", true, ""],
    ["1405/13/01", "1405/07/01", false, "bad_from"],
    ["1405/07/01", "hello", false, "bad_to"],
    ["1405/09/01", "1405/07/01", false, "order"],
    ["1395/01/01", "1405/07/01", false, "too_long"],
    // The calendar's last day: the period would end on a day past it.
    ["3177/12/01", "3177/12/29", false, "bad_to"],
  ])("custom %s … %s", (from, to, ok, why) => {
    const r = customPeriod(from, to);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.why).toBe(why);
    else expect(r.period.to - r.period.from).toBeGreaterThan(0);
  });

  it("compact dates round-trip and reject nonsense", () => {
    expect(parseCompactDate("14050931")).toBeNull();
    expect(parseCompactDate("14050930")).toEqual({ jy: 1405, jm: 9, jd: 30 });
  });
});

describe("report statistics", () => {
  // r1: acked after 5 h at rung 0, resolved after 2 days; r2: breached at rung 0, escalated,
  // then acked at rung 1; r3: referred (deputy) and resolved late; r4: still waiting.
  const reports = [
    report("1", { state: "closed" }),
    report("2", {
      state: "acknowledged",
      breaches: 1,
      subject: "environment",
      neighborhood: "majidieh",
    }),
    report("3", { state: "resolved", createdAt: T0 + D }),
    report("4", { neighborhood: "majidieh", createdAt: T0 + 2 * D }),
  ];
  const audit: AuditRow[] = [
    a("1", T0, "report.submitted", { step: "neighborhood_wg_secretary" }),
    a("1", T0 + 5 * H, "report.ack"),
    a("1", T0 + 2 * D, "report.resolve"),
    a("1", T0 + 3 * D, "report.closed"),
    a("2", T0, "report.submitted", { step: "neighborhood_wg_secretary" }),
    a("2", T0 + 3 * D, "report.escalated", {
      fromStep: "neighborhood_wg_secretary",
      toStep: "district_wg_secretary",
    }),
    a("2", T0 + 4 * D, "report.ack"),
    a("3", T0 + D, "report.submitted", { step: "neighborhood_wg_secretary" }),
    a("3", T0 + D + H, "report.refer", { deputy: URBAN.name.fa, deputyCode: "urban_services" }),
    a("3", T0 + 20 * D, "report.resolve"),
    a("4", T0 + 2 * D, "report.submitted", { step: "neighborhood_wg_secretary" }),
    a("other", T0, "report.ack"),
  ];
  const s = reportStats({
    reports,
    audit,
    deputies: DEPUTIES,
    resolveDeadline: (t) => t + 10 * D,
    now: T0 + 30 * D,
    bucket: (t) => String(Math.floor((t - T0) / D)),
  });

  it("counts by state, neighbourhood and subject", () => {
    expect(s.total).toBe(4);
    expect(s.byNeighborhood).toEqual([
      { key: "majidieh", count: 2 },
      { key: "narmak", count: 2 },
    ]);
    expect(s.bySubject).toEqual([
      { key: "urban_services", count: 3 },
      { key: "environment", count: 1 },
    ]);
    expect(Object.fromEntries(s.byState.map((c) => [c.key, c.count]))).toEqual({
      closed: 1,
      acknowledged: 1,
      resolved: 1,
      submitted: 1,
    });
    expect(s.timeline).toEqual([
      { key: "0", count: 2 },
      { key: "1", count: 1 },
      { key: "2", count: 1 },
    ]);
  });

  it("takes medians of first response and resolution from the audit trail", () => {
    // First responses: 5 h, 4 d, 1 h → median 5 h. Resolutions: 2 d, 19 d → 10.5 d.
    expect(s.acked).toBe(3);
    expect(s.medianAckMs).toBe(5 * H);
    expect(s.resolved).toBe(2);
    expect(s.medianResolveMs).toBe(10.5 * D);
  });

  it("rates working groups by rung stays and deputies by referrals", () => {
    expect(s.workingGroups).toEqual([
      { key: "district:environment", onTime: 1, late: 0, rate: 1 },
      { key: "neighborhood:environment", onTime: 0, late: 1, rate: 0 },
      { key: "neighborhood:urban_services", onTime: 2, late: 0, rate: 1 },
    ]);
    // r3 was referred at T0+1d+1h, due 10 days later, resolved at T0+20d: late.
    expect(s.deputies).toEqual([{ key: "urban_services", onTime: 0, late: 1, rate: 0 }]);
  });

  it("ranks the slowest rungs", () => {
    expect(s.rungs[0]).toMatchObject({ step: "neighborhood_wg_secretary", visits: 4, breaches: 1 });
    expect(s.rungs.find((r) => r.step === "district_wg_secretary")).toMatchObject({
      visits: 1,
      breaches: 0,
      medianWaitMs: D,
    });
  });

  it("follows a report through no-agreement to the presidium", () => {
    const v = rungVisits("x", [
      a("x", 0, "report.submitted", { step: "neighborhood_wg_secretary" }),
      a("x", 10, "report.noagree", { step: "presidium" }),
      a("x", 50, "report.breach", { fromStep: "presidium", toStep: "presidium" }),
    ]);
    expect(v).toEqual([
      {
        reportId: "x",
        step: "neighborhood_wg_secretary",
        arrivedAt: 0,
        actedAt: 10,
        breached: false,
      },
      { reportId: "x", step: "presidium", arrivedAt: 10, breached: true, breachedAt: 50 },
    ]);
  });

  it("a deadline run out after the working group referred the report is the deputy's, not the group's", () => {
    const stats = reportStats({
      reports: [report("5", { state: "referred" }), report("6", { state: "acknowledged" })],
      audit: [
        // Referred within the hour; the municipality's ten days then ran out.
        a("5", T0, "report.submitted", { step: "neighborhood_wg_secretary" }),
        a("5", T0 + H, "report.refer", { deputyCode: "urban_services" }),
        a("5", T0 + 12 * D, "report.escalated", {
          fromStep: "neighborhood_wg_secretary",
          toStep: "district_wg_secretary",
        }),
        // Acknowledged, then neither referred nor resolved in time: the group's own delay.
        a("6", T0, "report.submitted", { step: "neighborhood_wg_secretary" }),
        a("6", T0 + H, "report.ack"),
        a("6", T0 + 12 * D, "report.escalated", {
          fromStep: "neighborhood_wg_secretary",
          toStep: "district_wg_secretary",
        }),
        a("6", T0 + 13 * D, "report.refer", { deputyCode: "urban_services" }),
      ],
      deputies: DEPUTIES,
      resolveDeadline: (t) => t + 10 * D,
      now: T0 + 30 * D,
      bucket: () => "0",
    });
    // (Report 6's referral, made after it moved up, is the district group's action.)
    expect(stats.workingGroups).toEqual([
      { key: "district:urban_services", onTime: 1, late: 0, rate: 1 },
      { key: "neighborhood:urban_services", onTime: 1, late: 1, rate: 0.5 },
    ]);
    expect(stats.deputies).toEqual([{ key: "urban_services", onTime: 0, late: 2, rate: 0 }]);
    // The slowest-rungs table counts the same one late stay (report 6's), not report 5's.
    expect(stats.rungs.find((r) => r.step === "neighborhood_wg_secretary")).toMatchObject({
      visits: 2,
      breaches: 1,
    });
  });

  it("a referral counts for the deputy it was sent to, whatever the report's subject", () => {
    const reports = ["7", "8", "9", "10"].map((id) => report(id, { state: "referred" }));
    const stats = reportStats({
      reports,
      audit: [
        ...reports.map((r) =>
          a(r._id, T0, "report.submitted", { step: "neighborhood_wg_secretary" }),
        ),
        // An urban-services report the owner sent to the transport deputy.
        a("7", T0 + H, "report.refer", { deputy: TRANSPORT.name.fa, deputyCode: "transport" }),
        // Entries written before codes were kept name the deputy only, in either language.
        a("8", T0 + H, "report.refer", { deputy: TRANSPORT.name.fa }),
        a("9", T0 + H, "report.refer", { deputyEn: URBAN.name.en }),
        // A unit typed by hand is no deputy's.
        a("10", T0 + H, "report.refer", { unit: "شرکت آب و فاضلاب" }),
      ],
      deputies: DEPUTIES,
      resolveDeadline: (t) => t + 10 * D,
      now: T0 + 30 * D,
      bucket: () => "0",
    });
    expect(stats.deputies).toEqual([
      { key: "transport", onTime: 0, late: 2, rate: 0 },
      { key: "urban_services", onTime: 0, late: 1, rate: 0 },
    ]);
  });

  it("median of even and empty lists", () => {
    expect(median([])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("digest figures", () => {
  it("counts new, resolved and overdue reports, proposals by stage and meetings", () => {
    const from = T0;
    const to = T0 + 7 * D;
    const d = digest({
      from,
      to,
      now: to,
      reports: [
        report("n1", { createdAt: T0 + D }),
        report("n2", { createdAt: T0 + 2 * D, state: "resolved", neighborhood: "madaen" }),
        report("old", { createdAt: T0 - 20 * D, state: "referred", breaches: 2 }),
        report("late", { createdAt: T0 - 3 * D, deadlineAt: to - H }),
      ],
      audit: [a("n2", T0 + 3 * D, "report.resolve"), a("old", T0 - D, "report.resolve")],
      rungReports: [],
      proposals: [
        {
          _id: "p1",
          state: "in_signature",
          stepName: "liaison",
          stepSince: T0 - 9 * D,
          code: "8-1405-00001",
          title: "پارک",
        },
        { _id: "p2", state: "in_signature", stepName: "mayor", stepSince: T0 - 2 * D },
        { _id: "p3", state: "approved" },
      ],
      meetings: [
        {
          _id: "m1",
          state: "held",
          startAt: T0 + D,
          durationMin: 60,
          hasMinutes: true,
          scope: "wg",
        },
        {
          _id: "m2",
          state: "scheduled",
          startAt: T0 - 5 * D,
          durationMin: 60,
          hasMinutes: false,
          scope: "presidium",
        },
        {
          _id: "m3",
          state: "scheduled",
          startAt: to + D,
          durationMin: 60,
          hasMinutes: false,
          scope: "wg",
        },
        {
          _id: "m4",
          state: "cancelled",
          startAt: T0,
          durationMin: 60,
          hasMinutes: false,
          scope: "wg",
        },
      ],
      actionItems: [
        { state: "open", dueAt: to - D },
        { state: "done", dueAt: to - D },
        { state: "open", dueAt: to + D },
      ],
    });
    expect(d.newReports.total).toBe(2);
    expect(d.resolvedReports).toMatchObject({
      total: 1,
      byNeighborhood: [{ key: "madaen", count: 1 }],
    });
    expect(d.overdueReports.total).toBe(2);
    expect(d.proposals.byState).toEqual([
      { key: "in_signature", count: 2 },
      { key: "approved", count: 1 },
    ]);
    expect(d.proposals.bySignatureStep).toEqual([
      { key: "liaison", count: 1 },
      { key: "mayor", count: 1 },
    ]);
    expect(d.proposals.longestHeld).toEqual({
      code: "8-1405-00001",
      title: "پارک",
      step: "liaison",
      since: T0 - 9 * D,
    });
    expect(d.meetings).toEqual({ held: 1, missingMinutes: 1, overdueActions: 1 });
  });

  it("copes with no proposals and no meetings at all", () => {
    const d = digest({
      from: 0,
      to: 1,
      now: 1,
      reports: [],
      audit: [],
      rungReports: [],
      proposals: [],
      meetings: [],
      actionItems: [],
    });
    expect(d.proposals.longestHeld).toBeUndefined();
    expect(d.meetings).toEqual({ held: 0, missingMinutes: 0, overdueActions: 0 });
  });
});

describe("csv", () => {
  it("quotes, doubles quotes, neutralises formulas and opens back with a BOM", () => {
    const rows = [
      ["8-1405-00001", "نارمک", 'چاله "بزرگ", خیابان ۱۲', 3],
      ["8-1405-00002", "=HYPERLINK()", "دو\nخط", -5],
    ];
    const bytes = csvBytes(["کد", "محله", "شرح", "عدد"], rows);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const back = parse(Buffer.from(bytes), { bom: true }) as string[][];
    expect(back).toEqual([
      ["کد", "محله", "شرح", "عدد"],
      ["8-1405-00001", "نارمک", 'چاله "بزرگ", خیابان ۱۲', "3"],
      ["8-1405-00002", "'=HYPERLINK()", "دو\nخط", "-5"],
    ]);
    expect(csvField(null)).toBe("");
  });

  it("a text that starts like a negative number is still a formula; only a whole number keeps its sign", () => {
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvField("-1+1 چاله در خیابان")).toBe("'-1+1 چاله در خیابان");
    expect(csvField("-12")).toBe("-12");
    expect(csvField("-12.5")).toBe("-12.5");
    expect(csvField(-7)).toBe("-7");
  });
});
