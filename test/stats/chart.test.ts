import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  barChartSvg,
  CHART_HEIGHT,
  CHART_WIDTH,
  labelSvg,
  lineChartSvg,
  niceScale,
  renderPng,
} from "../../src/stats/chart.ts";
import { decodePng, diffRatio, inkRatio } from "./png.ts";

const GOLDEN = join(import.meta.dirname, "golden/label-narmak.png");
// An icon font with no Persian (or Latin) letters: what a missing font would draw.
const NO_PERSIAN_FONT = join(
  dirname(createRequire(import.meta.url).resolve("playwright-core/package.json")),
  "lib/vite/recorder/assets/codicon-DCmgc-ay.ttf",
);

describe("charts", () => {
  it("renders a bar chart to a PNG of the expected size with ink in it", () => {
    const png = renderPng(
      barChartSvg(
        "گزارش‌ها بر حسب محله",
        [
          { label: "نارمک", value: 12 },
          { label: "مجیدیه", value: 3 },
        ],
        "fa",
      ),
    );
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(inkRatio(img.rgba)).toBeGreaterThan(0.01);
  });

  it("renders a line chart, and lays Persian out right to left", () => {
    const data = [
      { label: "۱ آذر", value: 0 },
      { label: "۲ آذر", value: 9 },
    ];
    const fa = decodePng(renderPng(lineChartSvg("روند", data, "fa")));
    const en = decodePng(renderPng(lineChartSvg("Trend", data, "en")));
    expect([fa.width, fa.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    // The peak (value 9, the second point) is on the left for Persian, on the right for English.
    const redColumns = (img: typeof fa) => {
      const xs: number[] = [];
      for (let y = 60; y < 120; y++)
        for (let x = 0; x < img.width; x++) {
          const i = (y * img.width + x) * 4;
          if (img.rgba[i]! > 200 && img.rgba[i + 1]! < 80 && img.rgba[i + 2]! < 80) xs.push(x);
        }
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(redColumns(fa)).toBeLessThan(CHART_WIDTH / 2);
    expect(redColumns(en)).toBeGreaterThan(CHART_WIDTH / 2);
  });

  it("picks nice axis steps", () => {
    expect(niceScale(12)).toEqual({ max: 15, step: 5 });
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(3)).toEqual({ max: 3, step: 1 });
  });

  it("draws Persian labels with Vazirmatn as in the committed reference (not tofu)", () => {
    const golden = decodePng(readFileSync(GOLDEN));
    const now = decodePng(renderPng(labelSvg("نارمک ۱۲۳۴")));
    expect([now.width, now.height]).toEqual([golden.width, golden.height]);
    expect(diffRatio(now.rgba, golden.rgba)).toBeLessThan(0.005);
    expect(inkRatio(now.rgba)).toBeGreaterThan(0.01);

    // The same label with a font lacking Persian glyphs (boxes or nothing) differs clearly.
    const tofu = decodePng(
      renderPng(labelSvg("نارمک ۱۲۳۴"), { file: NO_PERSIAN_FONT, family: "codicon" }),
    );
    expect(diffRatio(tofu.rgba, golden.rgba)).toBeGreaterThan(0.02);
    // And a different word with Vazirmatn differs too: the comparison sees the letters.
    const other = decodePng(renderPng(labelSvg("مدائن ۵۶۷۸")));
    expect(diffRatio(other.rgba, golden.rgba)).toBeGreaterThan(0.02);
  });
});
