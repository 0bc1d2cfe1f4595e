import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_DISTRICT_DIR } from "../../src/app.ts";
import { importDistrict } from "../../src/district/import.ts";
import { type Harness, signIn, startHarness } from "../helpers/harness.ts";
import { type Cast, CHAIN, signInAll, submitted } from "./helpers.ts";

let h: Harness;
let cast: Cast;
let districtJson: string;
let peopleCsv: string;
beforeAll(async () => {
  h = await startHarness({ platforms: ["telegram"] });
  cast = await signInAll(h);
  districtJson = await readFile(join(SAMPLE_DISTRICT_DIR, "district.json"), "utf8");
  peopleCsv = await readFile(join(SAMPLE_DISTRICT_DIR, "people.csv"), "utf8");
});
afterAll(async () => {
  await h?.stop();
});
// Each scenario changes the roster; the next one starts from the sample again.
afterEach(async () => {
  await reimport(peopleCsv);
  await h.app.services.scheduler.tick();
});

const HOSSEIN = "989121000004";
const ALI = "989121000002"; // Narmak's neighbourhood secretary
const LEILA = "989121000011";
const ZAHRA_ROW =
  "زهرا کریمی,+989121000003,narmak,councillor;wg_secretary:urban_services;wg_member:environment";
const HOSSEIN_ROW =
  "حسین موسوی,00989121000004,narmak,councillor;wg_secretary:environment;wg_member:urban_services";
const SARA_ROW = "سارا قاسمی,09121000009,majidieh,councillor;district_wg_secretary:urban_services";
const LEILA_ROW = "لیلا طاهری,09121000011,madaen,councillor;district_wg_secretary:environment";

/**
 * What an operator's district:import does (stamped with the real time, like the import the
 * harness started from), with this process's roster caches told.
 */
async function reimport(csv: string) {
  const r = await importDistrict(h.repos, { districtJson, peopleCsv: csv }, Date.now());
  for (const b of h.app.bots) b.deps.repos.people.invalidate();
  return r;
}

const signRequest = (title: string) => (m: { text?: string }) =>
  (m.text ?? "").includes("منتظر امضای شما") && (m.text ?? "").includes(title);

describe("signing follows the roster", () => {
  it("a step's role moves: the former secretary is refused with the reason, the new one is asked and signs", async () => {
    const svc = h.app.services.proposals;
    const hossein = await signIn(h.client("telegram"), HOSSEIN);
    const title = "بازسازی جدول خیابان بهار";
    const p = await submitted(h, title, cast.proposer.id);
    const old = await cast.narmakUrban.waitFor(signRequest(title));

    // Narmak's urban-services working group passes from Zahra to Hossein.
    const r = await reimport(
      peopleCsv
        .replace(ZAHRA_ROW, "زهرا کریمی,+989121000003,narmak,councillor;wg_member:environment")
        .replace(
          HOSSEIN_ROW,
          HOSSEIN_ROW.replace("wg_member:urban_services", "wg_secretary:urban_services"),
        ),
    );
    expect(r.people.updated).toBe(2);
    // Before any sweep, the roster already decides: Zahra's old button is refused.
    const early = await cast.narmakUrban.press("✅ امضا", { messageId: old.messageId });
    expect((await cast.narmakUrban.expectCallbackAnswered(early)).text).toContain(
      "شما دیگر دبیر کارگروه محله این طرح نیستید",
    );
    await h.app.services.scheduler.tick();

    // The sweep hands the step over, with its record, and asks Hossein.
    const request = await hossein.waitFor(signRequest(title));
    const moved = (await svc.get(p._id))!;
    expect(moved.signers).toEqual([`d8:${HOSSEIN}`]);
    const handed = (await svc.history(p._id)).filter((a) => a.action === "proposal.reassigned");
    expect(handed.map((a) => [a.actor.system, a.data?.fromSigners, a.data?.signers])).toEqual([
      ["roster", [`d8:${CHAIN.narmakUrban}`], [`d8:${HOSSEIN}`]],
    ]);
    // A second sweep on the same roster hands nothing over again.
    await h.app.services.scheduler.tick();
    expect(
      (await svc.history(p._id)).filter((a) => a.action === "proposal.reassigned"),
    ).toHaveLength(1);

    // Pressed again after the handover: still refused and told why, nothing recorded.
    const press = await cast.narmakUrban.press("✅ امضا", { messageId: old.messageId });
    const answer = await cast.narmakUrban.expectCallbackAnswered(press);
    expect(answer.text).toContain("شما دیگر دبیر کارگروه محله این طرح نیستید");
    expect((await svc.get(p._id))?.signatures).toEqual([]);

    await hossein.press("✅ امضا", { messageId: request.messageId });
    await hossein.waitFor(/امضای شما روی طرح .* ثبت شد/);
    const signed = (await svc.get(p._id))!;
    expect(signed.step).toBe(1);
    expect(signed.signatures.map((s) => s.signerId)).toEqual([`d8:${HOSSEIN}`]);
  });

  it("a later step's role moves after submission: the step goes to its holder when it comes", async () => {
    const svc = h.app.services.proposals;
    const leila = await signIn(h.client("telegram"), LEILA);
    const title = "پیاده‌روسازی خیابان دردشت";
    const p = await submitted(h, title, cast.proposer.id);
    const req = await cast.narmakUrban.waitFor(signRequest(title));
    // Before step 2 comes, the district urban-services group passes from Sara to Leila.
    await reimport(
      peopleCsv
        .replace(SARA_ROW, "سارا قاسمی,09121000009,majidieh,councillor")
        .replace(LEILA_ROW, `${LEILA_ROW};district_wg_secretary:urban_services`),
    );
    await cast.narmakUrban.press("✅ امضا", { messageId: req.messageId });
    await cast.narmakUrban.waitFor(/امضای شما روی طرح .* ثبت شد/);
    const now = (await svc.get(p._id))!;
    expect(now.step).toBe(1);
    expect(now.signers).toEqual([`d8:${LEILA}`]);
    expect(now.chain[1]!.signers).toEqual([`d8:${LEILA}`]);
    await leila.waitFor(signRequest(title));
    await h.client("telegram").idle({ quietMs: 300 });
    expect(cast.districtUrban.messages().some(signRequest(title))).toBe(false);
  });

  it("the step's only signer is switched off: the step goes to the next holder on the ladder", async () => {
    const svc = h.app.services.proposals;
    const ali = await signIn(h.client("telegram"), ALI);
    const title = "روشنایی پارک محله نارمک";
    const p = await submitted(h, title, cast.proposer.id);
    await cast.narmakUrban.waitFor(signRequest(title));
    // Zahra leaves the roster and nobody takes the working group: Narmak's neighbourhood
    // secretary holds the step, as at submission.
    const r = await reimport(peopleCsv.replace(`${ZAHRA_ROW}\n`, ""));
    expect(r.people.deactivated).toBe(1);
    await h.app.services.scheduler.tick();
    const request = await ali.waitFor(signRequest(title));
    expect((await svc.get(p._id))?.signers).toEqual([`d8:${ALI}`]);
    await ali.press("✅ امضا", { messageId: request.messageId });
    await ali.waitFor(/امضای شما روی طرح .* ثبت شد/);
    expect((await svc.get(p._id))?.step).toBe(1);
  });

  it("a step nobody holds any more goes to the liaison on paper", async () => {
    const svc = h.app.services.proposals;
    const title = "سطل‌های زباله خیابان گلبرگ";
    const p = await submitted(h, title, cast.proposer.id);
    const req = await cast.narmakUrban.waitFor(signRequest(title));
    await cast.narmakUrban.press("✅ امضا", { messageId: req.messageId });
    await cast.districtUrban.waitFor(signRequest(title));
    // The district urban-services group is left without a secretary.
    await reimport(peopleCsv.replace(SARA_ROW, "سارا قاسمی,09121000009,majidieh,councillor"));
    await h.app.services.scheduler.tick();
    const paper = await cast.liaison.waitFor(
      (m) => (m.text ?? "").includes(title) && (m.text ?? "").includes("🖋"),
    );
    const now = (await svc.get(p._id))!;
    expect({ signers: now.signers, paperOk: now.paperOk }).toEqual({ signers: [], paperOk: true });
    const liaison = {
      personId: `d8:${CHAIN.liaison}`,
      platform: "telegram" as const,
      userId: cast.liaison.id,
    };
    const r = await svc.recordPaper(p._id, liaison, "1.1", {
      kind: "photo",
      platform: "telegram",
      fileId: "signed-form",
    });
    expect(r.ok).toBe(true);
    expect((await svc.get(p._id))?.step).toBe(2);
    expect(paper.replyMarkup).toBeTruthy();
  });
});
