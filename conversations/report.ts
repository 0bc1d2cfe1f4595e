import { InlineKeyboard, Keyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import { findNeighborhood } from "../src/district/schema.ts";
import { localizeDigits } from "../src/domain/digits.ts";
import { DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_PHOTOS } from "../src/domain/reports.ts";
import { visibleLength } from "../src/domain/text.ts";
import { cardText } from "../src/reports/notifications.ts";
import type { ReportService } from "../src/reports/service.ts";
import type { ReportLocation } from "../src/reports/types.ts";
import {
  CANCELLED,
  type Cancelled,
  cancelKeyboard,
  choose,
  idFromUpdate,
  isCancelText,
  isLabel,
  messageKind,
  waitNext,
  whoIsTalking,
} from "./kit.ts";

export const REPORT = "report";

type Step = "subject" | "hood" | "description" | "location" | "photos" | "urgency";

interface Draft {
  subject?: string;
  neighborhood: string;
  description?: string;
  location?: ReportLocation;
  photos: string[];
  urgency?: "normal" | "urgent";
}

/**
 * Filing a report: subject → neighbourhood → description → location → photos → urgency →
 * summary (confirm / edit a field / cancel), with duplicate hints before filing. Each step
 * re-asks politely on odd input; Cancel and /cancel work everywhere. The conversation's
 * state is in the store, so a restart continues at the same step.
 */
export function createReportConversation(deps: AppDeps, reports: ReportService) {
  return async function report(conversation: Conv, ctx: ConvContext): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    const who = await whoIsTalking(conversation, deps, userId);
    if (!who) return;
    const { person, district } = who;
    const lang = () => deps.langs.get(userId) ?? "fa";
    const draft: Draft = {
      neighborhood: person.neighborhood ?? district.areas[0]!.neighborhoods[0]!.code,
      photos: [],
    };

    const finish = async (c: ConvContext, key: string, vars?: Record<string, string>) => {
      await c.reply(c.t(key, vars), { reply_markup: mainMenuKeyboard(c, deps.menu, person) });
    };
    const cancelled = (c: ConvContext) => finish(c, "report-cancelled");
    let current: ConvContext = ctx;

    const steps: Record<Step, () => Promise<Cancelled | undefined>> = {
      subject: async () => {
        const kb = new InlineKeyboard();
        district.subjects.forEach((s, i) => {
          kb.text(s.name[lang()], `s:${s.code}`);
          if (i % 2 === 1) kb.row();
        });
        const r = await choose(conversation, current, current.t("report-ask-subject"), kb, (d) =>
          district.subjects.some((s) => `s:${s.code}` === d),
        );
        if (r === CANCELLED) return CANCELLED;
        draft.subject = r.data.slice(2);
        current = r.ctx;
      },
      hood: async () => {
        const own = findNeighborhood(district, draft.neighborhood);
        const hoodName = own?.name[lang()] ?? draft.neighborhood;
        const r = await choose(
          conversation,
          current,
          current.t("report-ask-hood", { hood: hoodName }),
          new InlineKeyboard()
            .text(current.t("report-btn-keep-hood", { hood: hoodName }), "h:keep")
            .row()
            .text(current.t("report-btn-other-hood"), "h:other"),
          (d) => d === "h:keep" || d === "h:other",
        );
        if (r === CANCELLED) return CANCELLED;
        current = r.ctx;
        if (r.data === "h:keep") return;
        const kb = new InlineKeyboard();
        district.areas
          .flatMap((a) => a.neighborhoods)
          .forEach((n, i) => {
            kb.text(n.name[lang()], `n:${n.code}`);
            if (i % 2 === 1) kb.row();
          });
        const pick = await choose(
          conversation,
          current,
          current.t("report-ask-other-hood"),
          kb,
          (d) => Boolean(findNeighborhood(district, d.slice(2))),
        );
        if (pick === CANCELLED) return CANCELLED;
        draft.neighborhood = pick.data.slice(2);
        current = pick.ctx;
      },
      description: async () => {
        await current.reply(current.t("report-ask-description"), {
          reply_markup: cancelKeyboard(current),
        });
        for (;;) {
          const next = await waitNext(conversation);
          current = next;
          if (next.callbackQuery) {
            await next.answerCallbackQuery();
            continue;
          }
          const text = next.message?.text;
          if (isCancelText(deps, text)) return CANCELLED;
          if (text === undefined) {
            await next.reply(next.t("report-description-not-text", { kind: messageKind(next) }));
            continue;
          }
          const length = visibleLength(text);
          if (length < DESCRIPTION_MIN) {
            await next.reply(next.t("report-description-too-short", { min: DESCRIPTION_MIN }));
            continue;
          }
          if (length > DESCRIPTION_MAX) {
            await next.reply(
              next.t("report-description-too-long", { length, max: DESCRIPTION_MAX }),
            );
            continue;
          }
          draft.description = text.trim();
          return;
        }
      },
      location: async () => {
        const kb = new Keyboard()
          .requestLocation(current.t("report-btn-send-location"))
          .row()
          .text(current.t("report-btn-skip"))
          .row()
          .text(current.t("button-cancel"))
          .resized();
        await current.reply(current.t("report-ask-location"), { reply_markup: kb });
        for (;;) {
          const next = await waitNext(conversation);
          current = next;
          if (next.callbackQuery) {
            await next.answerCallbackQuery();
            continue;
          }
          const loc = next.message?.location;
          const text = next.message?.text;
          if (loc) {
            draft.location = { lat: loc.latitude, lon: loc.longitude };
            return;
          }
          if (isCancelText(deps, text)) return CANCELLED;
          if (isLabel(deps, "report-btn-skip", text)) {
            delete draft.location;
            return;
          }
          if (text !== undefined && visibleLength(text) >= 5 && !text.startsWith("/")) {
            draft.location = { address: text.trim().slice(0, 300) };
            return;
          }
          await next.reply(next.t("report-location-not-understood"));
        }
      },
      photos: async () => {
        draft.photos = [];
        const kb = new Keyboard()
          .text(current.t("report-btn-photos-done"))
          .text(current.t("report-btn-skip"))
          .row()
          .text(current.t("button-cancel"))
          .resized();
        await current.reply(current.t("report-ask-photos", { max: MAX_PHOTOS }), {
          reply_markup: kb,
        });
        for (;;) {
          const next = await waitNext(conversation);
          current = next;
          if (next.callbackQuery) {
            await next.answerCallbackQuery();
            continue;
          }
          const photo = next.message?.photo?.at(-1);
          const text = next.message?.text;
          if (photo) {
            draft.photos.push(photo.file_id);
            if (draft.photos.length >= MAX_PHOTOS) return;
            await next.reply(
              next.t("report-photo-received", { count: draft.photos.length, max: MAX_PHOTOS }),
            );
            continue;
          }
          if (isCancelText(deps, text)) return CANCELLED;
          if (isLabel(deps, "report-btn-skip", text)) {
            draft.photos = [];
            return;
          }
          if (isLabel(deps, "report-btn-photos-done", text)) return;
          await next.reply(next.t("report-photos-not-photo"));
        }
      },
      urgency: async () => {
        const r = await choose(
          conversation,
          current,
          current.t("report-ask-urgency"),
          new InlineKeyboard()
            .text(current.t("report-btn-normal"), "u:normal")
            .text(current.t("report-btn-urgent"), "u:urgent"),
          (d) => d === "u:normal" || d === "u:urgent",
        );
        if (r === CANCELLED) return CANCELLED;
        draft.urgency = r.data === "u:urgent" ? "urgent" : "normal";
        current = r.ctx;
      },
    };

    // The reply keyboard of the last typed step goes away once it is answered.
    const typedStepDone = async () => {
      const n = draft.photos.length;
      await current.reply(current.t("report-step-saved", { photos: n }), {
        reply_markup: { remove_keyboard: true },
      });
    };
    for (const step of [
      "subject",
      "hood",
      "description",
      "location",
      "photos",
      "urgency",
    ] as const) {
      if ((await steps[step]()) === CANCELLED) return cancelled(current);
      if (step === "photos") await typedStepDone();
    }

    // Summary: confirm, edit one field, or support a similar open report instead.
    for (;;) {
      const duplicates = await conversation.external(async () =>
        (
          await reports.findDuplicates({
            districtId: district._id,
            neighborhood: draft.neighborhood,
            subject: draft.subject!,
            description: draft.description!,
            location: draft.location,
          })
        ).map((r) => ({ id: r._id, code: r.code })),
      );
      const subject = district.subjects.find((s) => s.code === draft.subject);
      const hood = findNeighborhood(district, draft.neighborhood);
      const loc = draft.location;
      const summary = cardText(
        {
          code: "—",
          subjectFa: subject?.name.fa ?? "",
          subjectEn: subject?.name.en ?? "",
          hoodFa: hood?.name.fa ?? "",
          hoodEn: hood?.name.en ?? "",
          state: "submitted",
          urgency: draft.urgency ?? "normal",
          description: draft.description ?? "",
          photos: draft.photos.length,
          location: !loc ? "" : "address" in loc ? loc.address : current.t("report-location-pin"),
        },
        lang(),
        (l, k, v) => deps.i18n.t(l, k, v),
      )
        .split("\n")
        .slice(1)
        .join("\n");
      const kb = new InlineKeyboard()
        .text(current.t("report-btn-confirm"), "c:confirm")
        .row()
        .text(current.t("report-btn-edit"), "c:edit");
      let text = `${current.t("report-summary")}\n\n${summary}`;
      if (duplicates.length) {
        text += `\n\n${current.t("report-duplicates")}`;
        for (const d of duplicates)
          kb.row().text(
            current.t("report-btn-support", { code: localizeDigits(d.code, lang()) }),
            `d:${d.id}`,
          );
      }
      const r = await choose(
        conversation,
        current,
        text,
        kb,
        (d) => d === "c:confirm" || d === "c:edit" || duplicates.some((x) => `d:${x.id}` === d),
      );
      if (r === CANCELLED) return cancelled(current);
      current = r.ctx;
      if (r.data === "c:confirm") {
        const id = idFromUpdate(deps, current, "rep");
        const created = await conversation.external(async () => {
          const rep = await reports.create(
            {
              person,
              platform: deps.platform,
              chatId: userId,
              subject: draft.subject!,
              neighborhood: draft.neighborhood,
              description: draft.description!,
              location: draft.location,
              photos: draft.photos.map((fileId) => ({ platform: deps.platform, fileId })),
              urgency: draft.urgency ?? "normal",
            },
            id,
          );
          return { code: rep.code, step: rep.step };
        });
        const stepKey = created.step.startsWith("deputy:")
          ? "report-step-deputy"
          : `report-step-${created.step}`;
        return finish(current, "report-filed", {
          code: localizeDigits(created.code, lang()),
          step: current.t(stepKey),
        });
      }
      if (r.data.startsWith("d:")) {
        const target = duplicates.find((x) => `d:${x.id}` === r.data)!;
        const result = await conversation.external(() =>
          reports.support(target.id, person, {
            personId: person._id,
            platform: deps.platform,
            userId,
          }),
        );
        const key =
          result === "ok"
            ? "report-supported"
            : result === "already"
              ? "report-already-supported"
              : "report-support-closed";
        if (result === "closed") {
          await current.reply(current.t(key, { code: localizeDigits(target.code, lang()) }));
          continue;
        }
        return finish(current, key, { code: localizeDigits(target.code, lang()) });
      }
      // Edit one field, then back to the summary.
      const fields: Step[] = ["subject", "hood", "description", "location", "photos", "urgency"];
      const ekb = new InlineKeyboard();
      fields.forEach((f, i) => {
        ekb.text(current.t(`report-field-${f === "hood" ? "hood" : f}`), `e:${f}`);
        if (i % 2 === 1) ekb.row();
      });
      const pick = await choose(conversation, current, current.t("report-ask-edit"), ekb, (d) =>
        fields.some((f) => `e:${f}` === d),
      );
      if (pick === CANCELLED) return cancelled(current);
      current = pick.ctx;
      const field = pick.data.slice(2) as Step;
      if ((await steps[field]()) === CANCELLED) return cancelled(current);
      if (field === "description" || field === "location" || field === "photos")
        await typedStepDone();
    }
  };
}
