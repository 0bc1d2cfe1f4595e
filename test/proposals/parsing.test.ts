import { describe, expect, it } from "vitest";
import { createTranslate } from "../../src/notify/renderers.ts";
import {
  changedFields,
  costText,
  fieldValue,
  firstMissing,
  parseCost,
  parseCount,
  parseMonths,
} from "../../src/proposals/fields.ts";

describe("estimated cost as councillors type it", () => {
  const t = createTranslate();
  it.each([
    ["۲۵۰ میلیون", 250_000_000, "۲۵۰٬۰۰۰٬۰۰۰ ریال (معادل ۲۵٬۰۰۰٬۰۰۰ تومان)"],
    ["1,200,000,000", 1_200_000_000, "۱٬۲۰۰٬۰۰۰٬۰۰۰ ریال (معادل ۱۲۰٬۰۰۰٬۰۰۰ تومان)"],
    ["۱٫۵ میلیارد", 1_500_000_000, "۱٬۵۰۰٬۰۰۰٬۰۰۰ ریال (معادل ۱۵۰٬۰۰۰٬۰۰۰ تومان)"],
    ["٢٥٠ ميليون", 250_000_000, "۲۵۰٬۰۰۰٬۰۰۰ ریال (معادل ۲۵٬۰۰۰٬۰۰۰ تومان)"],
    ["۵۰۰ هزار", 500_000, "۵۰۰٬۰۰۰ ریال (معادل ۵۰٬۰۰۰ تومان)"],
    ["۲ میلیارد و ۵۰۰ میلیون", 2_500_000_000, "۲٬۵۰۰٬۰۰۰٬۰۰۰ ریال (معادل ۲۵۰٬۰۰۰٬۰۰۰ تومان)"],
    ["۱۲۰٬۰۰۰٬۰۰۰", 120_000_000, "۱۲۰٬۰۰۰٬۰۰۰ ریال (معادل ۱۲٬۰۰۰٬۰۰۰ تومان)"],
    ["25 میلیون تومان", 250_000_000, "۲۵۰٬۰۰۰٬۰۰۰ ریال (معادل ۲۵٬۰۰۰٬۰۰۰ تومان)"],
    // As often typed, and Arabic "مليون" with one yeh.
    ["۱۲۰ ملیون", 120_000_000, "۱۲۰٬۰۰۰٬۰۰۰ ریال (معادل ۱۲٬۰۰۰٬۰۰۰ تومان)"],
    ["١٢٠ مليون", 120_000_000, "۱۲۰٬۰۰۰٬۰۰۰ ریال (معادل ۱۲٬۰۰۰٬۰۰۰ تومان)"],
  ])("%s → %d rials, shown as %s", (input, rials, shown) => {
    expect(parseCost(input)).toBe(rials);
    expect(costText(rials, "fa", t)).toBe(shown);
  });
  it.each(["", "زیاد", "یک میلیون", "-5", "0", "1.5", "۱۲,۳۴"])("%j is re-asked", (input) => {
    expect(parseCost(input)).toBeNull();
  });
  it("shows English readers Latin digits", () => {
    expect(costText(1_500_000_000, "en", t)).toBe("1,500,000,000 rials (150,000,000 tomans)");
  });
});

describe("other form answers", () => {
  it.each([
    ["۶", 6],
    ["6 ماه", 6],
    ["۱۲ماه", 12],
    ["60", 60],
    ["61", null],
    ["0", null],
    ["شش", null],
    ["۶ ماهه", 6],
    ["۲ سال", 24],
    ["6 years", null],
  ])("duration %j → %s", (input, months) => {
    expect(parseMonths(input)).toBe(months);
  });
  it.each([
    ["۵۰۰", 500],
    ["حدود ۲٬۰۰۰ نفر", 2000],
    ["about 300 people", 300],
    ["حدوداً ۵۰۰ نفر", 500],
    ["تقريباً ٥٠٠", 500],
    ["۱۰ هزار نفر", 10_000],
    ["2.000", 2000],
    ["2.5", null],
    ["۵۰۰ خانوار", null],
    ["خیلی", null],
  ])("beneficiaries %j → %s", (input, n) => {
    expect(parseCount(input)).toBe(n);
  });
  it("the form asks fields in order and knows what changed", () => {
    expect(firstMissing({})).toBe("title");
    expect(firstMissing({ title: "x", neighborhood: "narmak" })).toBe("subject");
    expect(firstMissing({ title: "x", attachments: [] })).toBe("neighborhood");
    expect(changedFields({ title: "a", costRials: 1 }, { title: "a", costRials: 2 })).toEqual([
      "cost",
    ]);
  });
});

describe("a proposal's location on its card", () => {
  const t = createTranslate();
  it("a pin is written in the reader's digits; a typed address as typed", () => {
    const pin = { lat: 35.7448, lon: 51.4969 };
    expect(fieldValue(pin, "location", "fa", t)).toBe("📍 ۳۵٫۷۴۴۸۰، ۵۱٫۴۹۶۹۰");
    expect(fieldValue(pin, "location", "en", t)).toBe("📍 35.74480, 51.49690");
    expect(fieldValue({ address: "نارمک، کوچهٔ 12" }, "location", "fa", t)).toBe("نارمک، کوچهٔ 12");
    // Cards kept before pins were numbers carry the text they had.
    expect(fieldValue({ pin: "35.74480, 51.49690" }, "location", "fa", t)).toBe(
      "📍 35.74480, 51.49690",
    );
  });
});
