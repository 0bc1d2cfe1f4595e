/**
 * A tiny CSV writer (RFC 4180): fields with a comma, quote, CR or LF are quoted and quotes
 * doubled; lines end with CRLF; UTF-8 with a BOM so Excel opens Persian text correctly.
 */

export type Cell = string | number | boolean | null | undefined;

export function csvField(v: Cell): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  // A leading = + - @ would be a formula in a spreadsheet: neutralise it (CSV injection).
  // Only a cell that is wholly a number keeps its sign: "-1+1" is a formula, "-12.5" is not.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(?:\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** The file's bytes: BOM + UTF-8. */
export function csvBytes(header: string[], rows: Cell[][]): Uint8Array {
  const body = new TextEncoder().encode(toCsv(header, rows));
  const out = new Uint8Array(BOM.length + body.length);
  out.set(BOM, 0);
  out.set(body, BOM.length);
  return out;
}
