import { describe, expect, it } from "vitest";
import { offsetParts, parseReminderOffsets } from "../../src/domain/offsets.ts";

describe("reminder offsets typed by a secretary", () => {
  it.each([
    ["۳ روز، ۱ روز، ۲ ساعت", [4320, 1440, 120]],
    ["۷ روز و ۳ ساعت", [10080, 180]],
    ["2 days, 90 min", [2880, 90]],
    ["1 hour; 1 day", [1440, 60]],
    ["٢ ساعت", [120]],
    ["۱ روز، ۱ روز", [1440]],
    ["30 days", [43200]],
  ])("%s → %o", (input, expected) => {
    expect(parseReminderOffsets(input)).toEqual(expected);
  });

  it.each([
    ["", null],
    ["سه روز", null],
    ["0 hours", null],
    ["31 days", null],
    ["5 weeks", null],
    ["1 روز، 2 روز، 3 روز، 4 روز، 5 روز، 6 روز", null],
    ["یک", null],
  ])("%s is refused", (input, expected) => {
    expect(parseReminderOffsets(input)).toBe(expected);
  });

  it("splits an offset for display", () => {
    expect(offsetParts(1590)).toEqual({ days: 1, hours: 2, minutes: 30 });
  });
});
