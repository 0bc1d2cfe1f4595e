import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DistrictDoc } from "../district/schema.ts";
import { localizeDigits } from "../domain/digits.ts";
import { formatDateTime } from "../domain/time.ts";
import type { PersonDoc } from "../repos/types.ts";
import { cardData, fieldValue, stepLabel, type Translate } from "./fields.ts";
import { FIELDS, type ProposalDoc } from "./types.ts";

/**
 * The completed form for headquarters, as a printable HTML page.
 *
 * Why HTML and not PDF: the PDF libraries on npm lay text out glyph by glyph, without the
 * bidirectional reordering and Arabic-script shaping (joined letter forms) Persian needs,
 * so Persian comes out as disconnected letters in the wrong order. Every browser shapes
 * and orders it correctly and prints this page to A4 (or to PDF) as it looks on screen.
 * The Vazirmatn font is embedded, so the page looks the same offline on any machine.
 */

let fontCache: string | undefined;

/** Vazirmatn (variable weight) as base64, read once from the installed package. */
export function vazirmatnBase64(): string {
  if (fontCache === undefined) {
    const pkg = createRequire(import.meta.url).resolve("vazirmatn/package.json");
    fontCache = readFileSync(
      join(dirname(pkg), "fonts", "webfonts", "Vazirmatn[wght].woff2"),
    ).toString("base64");
  }
  return fontCache;
}

const ESC: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

const nl2br = (s: string) => escapeHtml(s).replace(/\r?\n/g, "<br>");

export interface DocumentInput {
  proposal: ProposalDoc;
  district: DistrictDoc;
  /** Everyone the proposal names (proposer, signers, the liaison), by id. */
  people: Map<string, PersonDoc>;
  t: Translate;
  /** Base64 woff2; defaults to Vazirmatn. Tests may pass "" to skip embedding. */
  fontBase64?: string;
}

/**
 * A pure function of the stored proposal, its district and the people it names: the same
 * input always gives the same page, so the form can be regenerated at any time.
 */
export function renderProposalDocument(input: DocumentInput): string {
  const { proposal: p, district, people, t } = input;
  const lang = "fa" as const;
  const font = input.fontBase64 ?? vazirmatnBase64();
  const name = (id: string | null | undefined) => (id ? (people.get(id)?.name ?? "—") : "—");
  const d = cardData(p.fields, district, { code: p.code, proposer: name(p.proposerId) });
  const code = localizeDigits(p.code ?? "", lang);

  // The title has its row at the top, next to the proposer; the attachments a list of their own.
  const rows = FIELDS.filter((f) => f !== "title" && f !== "attachments")
    .map(
      (f) =>
        `<tr><th>${escapeHtml(t(lang, `proposal-field-${f}`))}</th><td>${nl2br(fieldValue(d, f, lang, t))}</td></tr>`,
    )
    .join("\n");

  const attachments = p.fields.attachments ?? [];
  const attachmentList = attachments.length
    ? `<ol>${attachments
        .map(
          (a, i) =>
            `<li>${escapeHtml(
              t(
                lang,
                a.kind === "photo"
                  ? "proposal-doc-attachment-photo"
                  : "proposal-doc-attachment-file",
                {
                  n: i + 1,
                  name: a.name ?? "",
                },
              ),
            )}</li>`,
        )
        .join("")}</ol>`
    : `<p>${escapeHtml(t(lang, "proposal-doc-no-attachments"))}</p>`;

  const sigs = p.signatures.filter((s) => s.revision === p.revision);
  const sigRows = p.chain
    .map((step, i) => {
      const sig = sigs.find((s) => s.step === i);
      const role = stepLabel(step.step, district, t)[lang];
      if (!sig)
        return `<tr><td>${localizeDigits(String(i + 1), lang)}</td><td>${escapeHtml(role)}</td><td>—</td><td>—</td><td>${escapeHtml(t(lang, "proposal-doc-not-signed"))}</td></tr>`;
      const how =
        sig.via === "bot"
          ? t(lang, "proposal-doc-via-bot")
          : t(lang, "proposal-doc-via-paper", { liaison: name(sig.by) });
      return `<tr><td>${localizeDigits(String(i + 1), lang)}</td><td>${escapeHtml(role)}</td><td>${escapeHtml(
        sig.signerId ? name(sig.signerId) : role,
      )}</td><td>${escapeHtml(formatDateTime(sig.at, lang, district.timeZone))}</td><td>${escapeHtml(how)}</td></tr>`;
    })
    .join("\n");

  const title = t(lang, "proposal-doc-title");
  const fontFace = font
    ? `@font-face { font-family: "Vazirmatn"; src: url(data:font/woff2;base64,${font}) format("woff2"); font-weight: 100 900; font-display: block; }`
    : "";
  const submitted = p.submittedAt ? formatDateTime(p.submittedAt, lang, district.timeZone) : "—";
  return `<!DOCTYPE html>
<html dir="rtl" lang="fa">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${title} ${code}`)}</title>
<style>
${fontFace}
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Vazirmatn", Tahoma, sans-serif; font-size: 11pt; line-height: 1.7; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; text-align: center; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid #333; padding-bottom: 1mm; }
.meta { text-align: center; color: #333; margin-bottom: 4mm; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 0.75pt solid #555; padding: 1.5mm 2.5mm; vertical-align: top; text-align: right; }
th { background: #eee; width: 30%; font-weight: 600; }
table.signatures th { width: auto; }
.footer { margin-top: 8mm; font-size: 9pt; color: #444; }
@media print { body { padding: 0; } h2 { page-break-after: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(district.name.fa)} — ${escapeHtml(t(lang, "proposal-doc-code", { code }))} — ${escapeHtml(
    t(lang, "proposal-doc-submitted", { date: submitted }),
  )}</p>
<h2>${escapeHtml(t(lang, "proposal-doc-fields"))}</h2>
<table class="fields">
<tr><th>${escapeHtml(t(lang, "proposal-field-title"))}</th><td>${nl2br(p.fields.title ?? "")}</td></tr>
<tr><th>${escapeHtml(t(lang, "proposal-doc-proposer"))}</th><td>${escapeHtml(name(p.proposerId))}</td></tr>
${rows}
</table>
<h2>${escapeHtml(t(lang, "proposal-field-attachments"))}</h2>
${attachmentList}
<h2>${escapeHtml(t(lang, "proposal-doc-signatures"))}</h2>
<table class="signatures">
<tr><th>#</th><th>${escapeHtml(t(lang, "proposal-doc-col-role"))}</th><th>${escapeHtml(
    t(lang, "proposal-doc-col-who"),
  )}</th><th>${escapeHtml(t(lang, "proposal-doc-col-when"))}</th><th>${escapeHtml(
    t(lang, "proposal-doc-col-how"),
  )}</th></tr>
${sigRows}
</table>
<p class="footer">${escapeHtml(t(lang, "proposal-doc-footer", { revision: p.revision }))}</p>
</body>
</html>
`;
}

/** The people a proposal's document names. */
export function peopleIdsOf(p: ProposalDoc): string[] {
  const ids = new Set<string>([p.proposerId]);
  for (const s of p.signatures) {
    ids.add(s.by);
    if (s.signerId) ids.add(s.signerId);
  }
  return [...ids];
}
