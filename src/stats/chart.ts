/**
 * Small server-side charts: an SVG built here (axes, bars, a line, labels, a title) and
 * rasterised to PNG by resvg with the Vazirmatn font shipped in node_modules, so Persian
 * labels are shaped and right-to-left without a browser. For Persian the layout is mirrored:
 * labels and the value axis sit on the right, bars grow leftwards, time runs right to left.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { localizeDigits } from "../domain/digits.ts";
import type { Lang } from "../repos/types.ts";

const require = createRequire(import.meta.url);
export const FONT_FILE = join(
  dirname(require.resolve("vazirmatn/package.json")),
  "fonts/ttf/Vazirmatn-Regular.ttf",
);
export const FONT_FAMILY = "Vazirmatn";

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 500;

export interface BarDatum {
  label: string;
  value: number;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const num = (n: number, lang: Lang) => localizeDigits(String(Math.round(n * 10) / 10), lang);

/** A "nice" axis maximum and step (1, 2, 5 × 10^k) for `max`. */
export function niceScale(max: number, ticks = 5): { max: number; step: number } {
  if (max <= 0) return { max: 1, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const s = Math.max(1, step);
  return { max: Math.ceil(max / s) * s, step: s };
}

function frame(title: string, body: string, lang: Lang): string {
  const rtl = lang === "fa";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${rtl ? CHART_WIDTH - 24 : 24}" y="40" font-size="22" fill="#1f2937" text-anchor="${rtl ? "end" : "start"}">${esc(title)}</text>`,
    body,
    "</svg>",
  ].join("\n");
}

/** Horizontal bars, one per label, with the value at the end of each bar. */
export function barChartSvg(title: string, data: BarDatum[], lang: Lang): string {
  const rtl = lang === "fa";
  const rows = data.slice(0, 12);
  const top = 70;
  const bottom = CHART_HEIGHT - 50;
  const labelW = 220;
  const plotL = rtl ? 40 : labelW + 20;
  const plotR = rtl ? CHART_WIDTH - labelW - 20 : CHART_WIDTH - 40;
  const { max, step } = niceScale(Math.max(0, ...rows.map((d) => d.value)));
  const scale = (v: number) => ((plotR - plotL) * v) / max;
  const origin = rtl ? plotR : plotL;
  const parts: string[] = [];
  for (let v = 0; v <= max; v += step) {
    const x = rtl ? origin - scale(v) : origin + scale(v);
    parts.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#e5e7eb"/>`,
      `<text x="${x}" y="${bottom + 24}" font-size="14" fill="#4b5563" text-anchor="middle">${num(v, lang)}</text>`,
    );
  }
  parts.push(`<line x1="${origin}" y1="${top}" x2="${origin}" y2="${bottom}" stroke="#374151"/>`);
  const band = rows.length ? (bottom - top) / rows.length : 0;
  rows.forEach((d, i) => {
    const y = top + i * band;
    const h = Math.max(4, band * 0.6);
    const w = scale(Math.max(0, d.value));
    const x = rtl ? origin - w : origin;
    const cy = y + band / 2;
    parts.push(
      `<rect x="${x}" y="${cy - h / 2}" width="${w}" height="${h}" fill="#2563eb" rx="3"/>`,
      `<text x="${rtl ? origin + 10 : origin - 10}" y="${cy + 6}" font-size="16" fill="#111827" text-anchor="${rtl ? "start" : "end"}">${esc(d.label)}</text>`,
      `<text x="${rtl ? x - 6 : x + w + 6}" y="${cy + 6}" font-size="14" fill="#111827" text-anchor="${rtl ? "end" : "start"}">${num(d.value, lang)}</text>`,
    );
  });
  return frame(title, parts.join("\n"), lang);
}

/** A line through the points in order (time runs right to left for Persian). */
export function lineChartSvg(title: string, data: BarDatum[], lang: Lang): string {
  const rtl = lang === "fa";
  const top = 70;
  const bottom = CHART_HEIGHT - 60;
  const plotL = rtl ? 30 : 70;
  const plotR = rtl ? CHART_WIDTH - 70 : CHART_WIDTH - 30;
  const { max, step } = niceScale(Math.max(0, ...data.map((d) => d.value)));
  const yOf = (v: number) => bottom - ((bottom - top) * v) / max;
  const n = data.length;
  const xOf = (i: number) => {
    const f = n <= 1 ? 0.5 : i / (n - 1);
    return rtl ? plotR - f * (plotR - plotL) : plotL + f * (plotR - plotL);
  };
  const axisX = rtl ? plotR : plotL;
  const parts: string[] = [];
  for (let v = 0; v <= max; v += step) {
    const y = yOf(v);
    parts.push(
      `<line x1="${plotL}" y1="${y}" x2="${plotR}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${rtl ? axisX + 10 : axisX - 10}" y="${y + 5}" font-size="14" fill="#4b5563" text-anchor="${rtl ? "start" : "end"}">${num(v, lang)}</text>`,
    );
  }
  parts.push(
    `<line x1="${axisX}" y1="${top}" x2="${axisX}" y2="${bottom}" stroke="#374151"/>`,
    `<line x1="${plotL}" y1="${bottom}" x2="${plotR}" y2="${bottom}" stroke="#374151"/>`,
  );
  if (n > 0) {
    const pts = data.map((d, i) => `${xOf(i)},${yOf(Math.max(0, d.value))}`).join(" ");
    parts.push(`<polyline points="${pts}" fill="none" stroke="#dc2626" stroke-width="3"/>`);
    // Label at most ~10 points so the axis stays readable.
    const every = Math.max(1, Math.ceil(n / 10));
    data.forEach((d, i) => {
      parts.push(`<circle cx="${xOf(i)}" cy="${yOf(Math.max(0, d.value))}" r="4" fill="#dc2626"/>`);
      if (i % every === 0 || i === n - 1)
        parts.push(
          `<text x="${xOf(i)}" y="${bottom + 24}" font-size="13" fill="#4b5563" text-anchor="middle">${esc(d.label)}</text>`,
        );
    });
  }
  return frame(title, parts.join("\n"), lang);
}

/** One line of text on a white canvas; the golden test renders labels with it. */
export function labelSvg(text: string, width = 400, height = 80): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="${height / 2 + 12}" font-size="32" fill="#000000" text-anchor="middle">${esc(text)}</text>`,
    "</svg>",
  ].join("\n");
}

/** SVG → PNG with only the given fonts (default: Vazirmatn); no system fonts, no network. */
export function renderPng(
  svg: string,
  font: { file: string; family: string } = { file: FONT_FILE, family: FONT_FAMILY },
): Uint8Array {
  const r = new Resvg(svg, {
    font: { fontFiles: [font.file], loadSystemFonts: false, defaultFontFamily: font.family },
    logLevel: "off",
  });
  return r.render().asPng();
}
