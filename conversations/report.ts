import { InlineKeyboard, Keyboard, type MiddlewareFn } from "grammy";
import type { AppDeps, BotContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import { type DistrictDoc, findNeighborhood } from "../src/district/schema.ts";
import { localizeDigits } from "../src/domain/digits.ts";
import { inTehranProvince } from "../src/domain/geo.ts";
import { DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_PHOTOS } from "../src/domain/reports.ts";
import { hasWords, sanitizeDisplayText, visibleLength } from "../src/domain/text.ts";
import { formatTime } from "../src/domain/time.ts";
import { districtQuietHours, quietHoursEnd } from "../src/notify/quiet-hours.ts";
import { CARD_LIMIT } from "../src/reports/history.ts";
import { cardText } from "../src/reports/notifications.ts";
import type { ReportService } from "../src/reports/service.ts";
import type { ReportLocation } from "../src/reports/types.ts";
import type { Lang, PersonDoc } from "../src/repos/types.ts";
import type { Store } from "../src/store/port.ts";
import {
  cancelKeyboard,
  idFromUpdate,
  isCancelText,
  isTypedLabel,
  messageKind,
  passesThrough,
  sentLength,
} from "./kit.ts";

/** Steps that wait on inline buttons (the others on a typed or shared answer). */
const INLINE_STEPS: ReadonlySet<string> = new Set([
  "subject",
  "hood",
  "otherHood",
  "urgency",
  "summary",
  "edit",
]);

/** A typed address: one line of a card, not a second description. */
const ADDRESS_MAX = 300;

/** The fields a person fills, in order; each can be edited again from the summary. */
const FIELDS = ["subject", "hood", "description", "location", "photos", "urgency"] as const;
type Field = (typeof FIELDS)[number];
/** Where a form can wait: a field, the list of other neighbourhoods, the summary, the edit menu. */
type Step = Field | "otherHood" | "summary" | "edit";

interface Draft {
  subject?: string;
  neighborhood: string;
  description?: string;
  location?: ReportLocation;
  photos: string[];
  urgency?: "normal" | "urgent";
}

/** A report being filled in one private chat: the draft and where it waits. */
export interface ReportFormDoc {
  /** `platform:chatId` — one form per chat. */
  _id: string;
  personId: string;
  step: Step;
  /** Editing one field from the summary: the summary comes back once it is answered. */
  editing: boolean;
  /** The draft as it was when a field was picked for editing: «back» and Cancel restore it. */
  before?: Draft;
  /** The inline question this step waits on: buttons of other messages get a re-ask. */
  promptId?: number;
  /**
   * This form's own mark in its Cancel buttons (`x:cancel:<key>`): a Cancel left on a message
   * of a form closed earlier must not cancel this one. (Forms begun before it have none.)
   */
  key?: string;
  draft: Draft;
  /** Similar open reports the summary offered, to support instead of filing. */
  duplicates: { id: string; code: string }[];
  /** Photos past the limit were answered once (an album sends them all at once). */
  extraPhotosTold?: boolean;
  /**
   * The last album (media group) answered outside the photos step: its other photos, each a
   * message of its own, are not answered again, and join the draft if its caption was taken
   * as the description.
   */
  album?: { id: string; keep: boolean };
  /** The last update applied: one run again after a crash is recognised and not applied twice. */
  lastUpdateId: number;
  updatedAt: number;
}

export function reportForms(store: Store) {
  return store.collection<ReportFormDoc>("reportForms");
}

const formId = (deps: AppDeps, chatId: number) => `${deps.platform}:${chatId}`;

/** Whether this chat has a report form in progress. */
export async function hasReportForm(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type !== "private") return false;
  return (
    (await reportForms(ctx.app.repos.store).findOne({ _id: formId(ctx.app, ctx.chat.id) })) !== null
  );
}

/** Drops this chat's report form, if any (leaving it for another flow, or /cancel). */
export async function dropReportForm(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type !== "private") return false;
  return (
    (await reportForms(ctx.app.repos.store).deleteOne({ _id: formId(ctx.app, ctx.chat.id) })) > 0
  );
}

/**
 * Filing a report: subject → neighbourhood → description → location → photos → urgency →
 * summary (confirm / edit a field / support a similar open report / cancel).
 *
 * The form is a document in the store, not a replayed conversation: each update reads the
 * form, answers, and writes the form back once — a step costs the same at the summary as at
 * the first question, and a restart or a new version of the bot resumes the draft where it
 * was. Each step re-asks politely on odd input; Cancel and /cancel work everywhere; presses
 * of notifications' buttons and commands pass on to the bot's other handlers.
 */
export class ReportForm {
  private readonly col;
  /** The inline question a press answered in the update being handled (per form object). */
  private readonly answered = new WeakMap<ReportFormDoc, number>();
  constructor(
    private readonly deps: AppDeps,
    private readonly reports: ReportService,
  ) {
    this.col = reportForms(deps.repos.store);
  }

  /** Starts a new form for the person in this private chat (any earlier one is replaced). */
  async start(ctx: BotContext): Promise<void> {
    const person = ctx.person;
    const chatId = ctx.chat?.id;
    if (!person || chatId === undefined || ctx.chat?.type !== "private") return;
    const district = await this.district(person);
    if (!district) return;
    const form: ReportFormDoc = {
      _id: formId(this.deps, chatId),
      personId: person._id,
      step: "subject",
      editing: false,
      key: ctx.update.update_id.toString(36),
      draft: {
        neighborhood: person.neighborhood ?? district.areas[0]!.neighborhoods[0]!.code,
        photos: [],
      },
      duplicates: [],
      lastUpdateId: ctx.update.update_id,
      updatedAt: this.deps.clock.now(),
    };
    await this.ask(ctx, form, district);
    await this.save(form, true);
  }

  /** The middleware: updates of a chat with a form in progress go to it. */
  middleware(): MiddlewareFn<BotContext> {
    return async (ctx, next) => {
      const chatId = ctx.chat?.id;
      const person = ctx.person;
      if (ctx.chat?.type !== "private" || chatId === undefined || !person) return next();
      const form = await this.col.findOne({ _id: formId(this.deps, chatId) });
      if (!form) return next();
      // An edit of a message already answered (a typo fixed, a live location moving) is not
      // a new answer: taken as one it would be refused, or fill the wrong step.
      if (ctx.editedMessage) return;
      if (passesThrough(ctx)) return next();
      // Applied just before a crash cut the update's processing short: done already. (Updates
      // of a chat run one at a time and each is marked done before the next, so only the
      // last one applied can come again.)
      if (ctx.update.update_id === form.lastUpdateId) return;
      const district = form.personId === person._id ? await this.district(person) : null;
      if (!district) {
        await this.col.deleteOne({ _id: form._id });
        return next();
      }
      form.lastUpdateId = ctx.update.update_id;
      await this.handle(ctx, form, district);
    };
  }

  private district(person: PersonDoc): Promise<DistrictDoc | null> {
    return this.deps.repos.districts.get(person.districtId);
  }

  private async save(form: ReportFormDoc, fresh = false): Promise<void> {
    form.updatedAt = this.deps.clock.now();
    const { _id, ...rest } = form;
    // Updates of one chat run one at a time: the whole form is written, no read-back.
    await this.col.replaceOne({ _id }, rest, { upsert: fresh });
  }

  /**
   * Takes the buttons off the question a press just answered, when what follows is a new
   * message rather than that question turned into the next one.
   */
  private async settlePrompt(ctx: BotContext, form: ReportFormDoc): Promise<void> {
    if (!this.answered.delete(form)) return;
    // Bale may answer edits with a stub: the result is never used.
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  }

  /**
   * Takes the buttons off the message pressed and the question the form waits on (if they
   * differ), so no question of a form that moved on or closed is left looking live.
   */
  private async clearButtons(ctx: BotContext, form: ReportFormDoc): Promise<void> {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    this.answered.delete(form);
    const ids = new Set([ctx.callbackQuery?.message?.message_id, form.promptId]);
    await Promise.all(
      [...ids].map((id) =>
        id === undefined
          ? undefined
          : // Bale may answer edits with a stub: the result is never used.
            ctx.api.editMessageReplyMarkup(chatId, id).catch(() => undefined),
      ),
    );
  }

  private async end(
    ctx: BotContext,
    form: ReportFormDoc,
    key: string,
    vars?: Record<string, string>,
    /** A further paragraph (already translated) under the answer. */
    more?: string,
  ) {
    // The answer the person waits for goes out first, the summary's buttons come off
    // alongside it: the chat's next update waits for both, so one round trip, not two.
    await Promise.all([
      ctx.reply(more ? `${ctx.t(key, vars)}\n\n${more}` : ctx.t(key, vars), {
        reply_markup: mainMenuKeyboard(ctx, this.deps.menu, ctx.person!),
      }),
      this.clearButtons(ctx, form),
    ]);
    await this.col.deleteOne({ _id: form._id });
  }

  private lang(ctx: BotContext): Lang {
    return ctx.lang ?? "fa";
  }

  // ---- asking -------------------------------------------------------------------------

  /** Sends the question of `form.step` and notes its message when it waits on buttons. */
  private async ask(ctx: BotContext, form: ReportFormDoc, district: DistrictDoc): Promise<void> {
    // A typed step's question is a new message: the buttons come off the one a press just
    // answered alongside it (one round trip before the person can go on, not two).
    const settled = INLINE_STEPS.has(form.step) ? undefined : this.settlePrompt(ctx, form);
    try {
      await this.askStep(ctx, form, district);
    } finally {
      await settled;
    }
  }

  private async askStep(
    ctx: BotContext,
    form: ReportFormDoc,
    district: DistrictDoc,
  ): Promise<void> {
    const lang = this.lang(ctx);
    const inline = async (text: string, kb: InlineKeyboard) => {
      // Editing one field: a way back to the summary with the field as it was.
      if (form.editing) kb.row().text(ctx.t("report-btn-back-summary"), "b:summary");
      const reply_markup = kb.row().text(ctx.t("button-cancel"), cancelData(form));
      const answered = this.answered.get(form);
      if (answered !== undefined) {
        this.answered.delete(form);
        // The question just answered turns into the next one: one message, one call.
        // (Bale may answer an edit with a stub: only success or failure is used.)
        const edited = await ctx.editMessageText(text, { reply_markup }).then(
          () => true,
          () => false,
        );
        if (edited) {
          form.promptId = answered;
          return;
        }
      }
      form.promptId = (await ctx.reply(text, { reply_markup })).message_id;
    };
    form.promptId = undefined;
    switch (form.step) {
      case "subject": {
        const kb = new InlineKeyboard();
        district.subjects.forEach((s, i) => {
          kb.text(s.name[lang], `s:${s.code}`);
          if (i % 2 === 1) kb.row();
        });
        return inline(ctx.t("report-ask-subject"), kb);
      }
      case "hood": {
        const own = findNeighborhood(district, form.draft.neighborhood);
        const hood = own?.name[lang] ?? form.draft.neighborhood;
        // «Yours is …» only of the person's own neighbourhood: editing, the draft's may differ.
        const mine = form.draft.neighborhood === ctx.person?.neighborhood;
        return inline(
          ctx.t(mine ? "report-ask-hood" : "report-ask-hood-draft", { hood }),
          new InlineKeyboard()
            .text(ctx.t("report-btn-keep-hood", { hood }), "h:keep")
            .row()
            .text(ctx.t("report-btn-other-hood"), "h:other"),
        );
      }
      case "otherHood": {
        const kb = new InlineKeyboard();
        district.areas
          .flatMap((a) => a.neighborhoods)
          .forEach((n, i) => {
            kb.text(n.name[lang], `n:${n.code}`);
            if (i % 2 === 1) kb.row();
          });
        return inline(ctx.t("report-ask-other-hood"), kb);
      }
      case "description":
        await ctx.reply(ctx.t("report-ask-description"), {
          reply_markup: cancelKeyboard(ctx, this.backLabel(ctx, form)),
        });
        return;
      case "location":
        await ctx.reply(ctx.t("report-ask-location"), {
          reply_markup: new Keyboard()
            .requestLocation(ctx.t("report-btn-send-location"))
            .row()
            .text(ctx.t("report-btn-skip"))
            .row()
            // While editing, «back» sits beside Cancel.
            .add(...this.backLabel(ctx, form).map((l) => Keyboard.text(l)))
            .text(ctx.t("button-cancel"))
            .resized(),
        });
        return;
      case "photos": {
        // Starts from the photos sent (while editing, or with the description's caption): new
        // ones are added, «Skip» lets go of them all, «Done» keeps them.
        form.extraPhotosTold = false;
        const count = form.draft.photos.length;
        const prompt = count
          ? ctx.t("report-ask-photos-more", { count, max: MAX_PHOTOS })
          : ctx.t("report-ask-photos", { max: MAX_PHOTOS });
        await ctx.reply(prompt, {
          reply_markup: new Keyboard()
            .text(ctx.t("report-btn-photos-done"))
            .text(ctx.t("report-btn-skip"))
            .row()
            // While editing, «back» sits beside Cancel.
            .add(...this.backLabel(ctx, form).map((l) => Keyboard.text(l)))
            .text(ctx.t("button-cancel"))
            .resized(),
        });
        return;
      }
      case "urgency":
        return inline(
          ctx.t("report-ask-urgency"),
          new InlineKeyboard()
            .text(ctx.t("report-btn-normal"), "u:normal")
            .text(ctx.t("report-btn-urgent"), "u:urgent"),
        );
      case "summary":
        return inline(...(await this.summary(ctx, form, district)));
      case "edit": {
        const kb = new InlineKeyboard();
        FIELDS.forEach((f, i) => {
          kb.text(ctx.t(`report-field-${f}`), `e:${f}`);
          if (i % 2 === 1) kb.row();
        });
        kb.row().text(ctx.t("report-btn-back-summary"), "e:back");
        return inline(ctx.t("report-ask-edit"), kb);
      }
    }
  }

  /** The «back to the summary» reply button, offered while one field is being edited. */
  private backLabel(ctx: BotContext, form: ReportFormDoc): string[] {
    return form.editing ? [ctx.t("report-btn-back-summary")] : [];
  }

  /** The summary's text and buttons, with similar open reports found again each time. */
  private async summary(
    ctx: BotContext,
    form: ReportFormDoc,
    district: DistrictDoc,
  ): Promise<[string, InlineKeyboard]> {
    const lang = this.lang(ctx);
    const d = form.draft;
    form.duplicates = (
      await this.reports.findDuplicates({
        districtId: district._id,
        neighborhood: d.neighborhood,
        subject: d.subject!,
        description: d.description!,
        location: d.location,
        reporterId: form.personId,
      })
    ).map((r) => ({ id: r._id, code: r.code }));
    const subject = district.subjects.find((s) => s.code === d.subject);
    const hood = findNeighborhood(district, d.neighborhood);
    const loc = d.location;
    const title = ctx.t("report-summary");
    const hint = form.duplicates.length ? `\n\n${ctx.t("report-duplicates")}` : "";
    const card = cardText(
      {
        code: "—",
        subjectFa: subject?.name.fa ?? "",
        subjectEn: subject?.name.en ?? "",
        hoodFa: hood?.name.fa ?? "",
        hoodEn: hood?.name.en ?? "",
        state: "submitted",
        urgency: d.urgency ?? "normal",
        description: d.description ?? "",
        photos: d.photos.length,
        location: !loc ? "" : "address" in loc ? loc.address : ctx.t("report-location-pin"),
      },
      lang,
      (l, k, v) => this.deps.i18n.t(l, k, v),
      // The whole summary within one message, whatever the description holds.
      CARD_LIMIT - title.length - 2 - hint.length,
    )
      .split("\n")
      .slice(1)
      .join("\n");
    const kb = new InlineKeyboard()
      .text(ctx.t("report-btn-confirm"), "c:confirm")
      .row()
      .text(ctx.t("report-btn-edit"), "c:edit");
    const text = `${title}\n\n${card}${hint}`;
    for (const dup of form.duplicates)
      kb.row().text(
        ctx.t("report-btn-support", { code: localizeDigits(dup.code, lang) }),
        `d:${dup.id}`,
      );
    return [text, kb];
  }

  /** Moves to `step` (or back to the summary when a field was being edited) and asks it. */
  private async goTo(
    ctx: BotContext,
    form: ReportFormDoc,
    district: DistrictDoc,
    step: Step,
  ): Promise<void> {
    if (form.editing && step !== "otherHood") {
      form.editing = false;
      delete form.before;
      step = "summary";
    }
    // The reply keyboard of a typed step goes away once it is answered, before buttons.
    if (!INLINE_STEPS.has(form.step) && INLINE_STEPS.has(step))
      await ctx.reply(ctx.t("report-step-saved", { photos: form.draft.photos.length }), {
        reply_markup: { remove_keyboard: true },
      });
    form.step = step;
    await this.ask(ctx, form, district);
    await this.save(form);
  }

  // ---- answering ------------------------------------------------------------------------

  private async handle(ctx: BotContext, form: ReportFormDoc, district: DistrictDoc) {
    const step = form.step;
    if (!INLINE_STEPS.has(step))
      return this.typed(ctx, form, district, step as "description" | "location" | "photos");

    const data = ctx.callbackQuery?.data;
    if (data === undefined) {
      if (this.albumRest(ctx, form)) return this.save(form);
      // «انصراف» or "cancel" typed as a word cancels here too, as at the typed steps.
      if (isCancelText(this.deps, ctx.message?.text))
        return form.editing
          ? this.backToSummary(ctx, form, district)
          : this.end(ctx, form, "report-cancelled");
      if (ctx.message?.photo && form.draft.photos.length >= MAX_PHOTOS) {
        // The rest of an album past the limit: said once, not once a photo.
        if (!form.extraPhotosTold)
          await ctx.reply(ctx.t("report-photos-extra", { max: MAX_PHOTOS }));
        form.extraPhotosTold = true;
        return this.save(form);
      }
      await ctx.reply(ctx.t("report-press-a-button"));
      return this.save(form);
    }
    if (isCancelPress(data)) return this.cancelPressed(ctx, form, district, data);
    // The press is answered (the button stops spinning) while the next question goes out.
    // A failed answer is left to the bot's fallback, which answers any press left unanswered.
    const answering = ctx.answerCallbackQuery().catch((err: unknown) => {
      this.deps.log.debug({ err }, "report form: callback answer failed");
    });
    try {
      await this.pressed(ctx, form, district, data);
    } finally {
      await answering;
    }
  }

  private async pressed(ctx: BotContext, form: ReportFormDoc, district: DistrictDoc, data: string) {
    const step = form.step;
    const onPrompt = ctx.callbackQuery?.message?.message_id === form.promptId;
    if (!onPrompt || !accepts(form, district, data)) {
      // A second tap on a question that has already turned into this one: the press is
      // answered, and nothing else (a new copy would leave two live summaries).
      if (onPrompt) return this.save(form);
      // A button of an earlier message: the question is asked again with its buttons, so
      // someone whose copy went missing can always go on; the buttons come off the message
      // pressed and the question it replaces, so one copy is left live.
      const cleared = this.clearButtons(ctx, form);
      try {
        await ctx.reply(ctx.t("report-press-a-button"));
        await this.ask(ctx, form, district);
      } finally {
        await cleared;
      }
      return this.save(form);
    }
    this.answered.set(form, form.promptId!);
    if (data === "b:summary") return this.backToSummary(ctx, form, district);
    const value = data.slice(2);
    const d = form.draft;
    switch (step) {
      case "subject":
        d.subject = value;
        return this.goTo(ctx, form, district, "hood");
      case "hood":
        return this.goTo(ctx, form, district, value === "keep" ? "description" : "otherHood");
      case "otherHood":
        d.neighborhood = value;
        return this.goTo(ctx, form, district, "description");
      case "urgency":
        d.urgency = value === "urgent" ? "urgent" : "normal";
        return this.goTo(ctx, form, district, "summary");
      case "edit":
        if (value === "back") {
          form.step = "summary";
          await this.ask(ctx, form, district);
          return this.save(form);
        }
        form.editing = true;
        return this.goToField(ctx, form, district, value as Field);
      case "summary":
        return this.decide(ctx, form, district, data);
    }
  }

  /**
   * Back from editing one field (its «back» button, or Cancel): the summary again, with the
   * draft as it was before the field was picked.
   */
  private async backToSummary(ctx: BotContext, form: ReportFormDoc, district: DistrictDoc) {
    if (form.before) form.draft = form.before;
    delete form.before;
    form.editing = false;
    // A typed step's reply keyboard goes away with a word saying nothing was changed.
    if (!INLINE_STEPS.has(form.step))
      await ctx.reply(ctx.t("report-edit-kept"), { reply_markup: { remove_keyboard: true } });
    form.step = "summary";
    await this.ask(ctx, form, district);
    await this.save(form);
  }

  /**
   * A Cancel button: this form's own cancels it; one left on a message of a form closed
   * earlier (or of another flow) is old, and changes nothing.
   */
  private async cancelPressed(
    ctx: BotContext,
    form: ReportFormDoc,
    district: DistrictDoc,
    data: string,
  ) {
    const own =
      form.key !== undefined
        ? data === cancelData(form)
        : // A form begun before cancel buttons carried a key: only its question's own.
          data === "x:cancel" && ctx.callbackQuery?.message?.message_id === form.promptId;
    if (!own) return ctx.answerCallbackQuery({ text: ctx.t("callback-stale") });
    // Answered alongside the answer, as any press of the form.
    const answering = ctx.answerCallbackQuery().catch((err: unknown) => {
      this.deps.log.debug({ err }, "report form: callback answer failed");
    });
    try {
      if (form.editing) {
        // Cancel while editing one field cancels the edit, not the report.
        const pressed = ctx.callbackQuery?.message?.message_id;
        if (pressed !== undefined && pressed === form.promptId) this.answered.set(form, pressed);
        await this.backToSummary(ctx, form, district);
      } else await this.end(ctx, form, "report-cancelled");
    } finally {
      await answering;
    }
  }

  /**
   * Whether this message is one more photo of an album already answered: kept if the
   * album's caption was taken as the description, and answered no more than once an album.
   * A new album is noted here, before its first photo is answered.
   */
  private albumRest(ctx: BotContext, form: ReportFormDoc): boolean {
    const group = ctx.message?.media_group_id;
    const photo = ctx.message?.photo?.at(-1);
    if (group === undefined || !photo) return false;
    if (form.album?.id === group) {
      if (form.album.keep && form.draft.photos.length < MAX_PHOTOS)
        form.draft.photos.push(photo.file_id);
      return true;
    }
    form.album = { id: group, keep: false };
    return false;
  }

  /** A field picked from the edit menu is asked without the summary shortcut of `goTo`. */
  private async goToField(ctx: BotContext, form: ReportFormDoc, district: DistrictDoc, f: Field) {
    form.before = structuredClone(form.draft);
    form.step = f;
    await this.ask(ctx, form, district);
    await this.save(form);
  }

  /** The summary's buttons: file it, support a similar report, or edit a field. */
  private async decide(ctx: BotContext, form: ReportFormDoc, district: DistrictDoc, data: string) {
    const person = ctx.person!;
    const userId = ctx.from!.id;
    const lang = this.lang(ctx);
    const d = form.draft;
    if (data === "c:confirm") {
      const rep = await this.reports.create(
        {
          person,
          platform: this.deps.platform,
          chatId: userId,
          subject: d.subject!,
          neighborhood: d.neighborhood,
          description: d.description!,
          location: d.location,
          photos: d.photos.map((fileId) => ({ platform: this.deps.platform, fileId })),
          urgency: d.urgency ?? "normal",
        },
        idFromUpdate(this.deps, ctx, "rep"),
      );
      const stepKey = rep.step.startsWith("deputy:")
        ? "report-step-deputy"
        : `report-step-${rep.step}`;
      // A normal report filed in quiet hours reaches its owner when they end: say when, so
      // the silence until the morning is not taken for a report gone missing.
      const heldUntil =
        rep.urgency === "normal"
          ? quietHoursEnd(this.deps.clock.now(), districtQuietHours(district))
          : null;
      return this.end(
        ctx,
        form,
        "report-filed",
        { code: localizeDigits(rep.code, lang), step: ctx.t(stepKey) },
        heldUntil === null
          ? undefined
          : ctx.t("report-filed-quiet", {
              at: formatTime(heldUntil, lang, district.timeZone),
            }),
      );
    }
    if (data.startsWith("d:")) {
      const target = form.duplicates.find((x) => `d:${x.id}` === data)!;
      const result = await this.reports.support(target.id, person, {
        personId: person._id,
        platform: this.deps.platform,
        userId,
      });
      const code = localizeDigits(target.code, lang);
      if (result === "ok") return this.end(ctx, form, "report-supported", { code });
      // Refused: the draft is still the person's, and the summary comes again.
      const why = {
        closed: "report-support-closed",
        own: "report-support-own",
        already: "report-already-supported",
      }[result];
      await this.settlePrompt(ctx, form);
      await ctx.reply(ctx.t(why, { code }));
      await this.ask(ctx, form, district);
      return this.save(form);
    }
    form.step = "edit";
    await this.ask(ctx, form, district);
    await this.save(form);
  }

  /** Steps answered by typing (or sharing): description, location, photos. */
  private async typed(
    ctx: BotContext,
    form: ReportFormDoc,
    district: DistrictDoc,
    step: "description" | "location" | "photos",
  ) {
    // A press while a typed answer is awaited: Cancel (of any of the form's messages) cancels
    // as the typed one does; any other button is an earlier question's, and is said so.
    if (ctx.callbackQuery) {
      const data = ctx.callbackQuery.data ?? "";
      if (!isCancelPress(data)) return ctx.answerCallbackQuery({ text: ctx.t("callback-stale") });
      return this.cancelPressed(ctx, form, district, data);
    }
    const deps = this.deps;
    const text = ctx.message?.text;
    const d = form.draft;
    if (step !== "photos" && this.albumRest(ctx, form)) return this.save(form);
    if (
      form.editing &&
      (isCancelText(deps, text) || isTypedLabel(deps, "report-btn-back-summary", text))
    )
      return this.backToSummary(ctx, form, district);
    if (isCancelText(deps, text)) return this.end(ctx, form, "report-cancelled");
    const retry = async (key: string, vars?: Record<string, string | number>) => {
      await ctx.reply(ctx.t(key, vars));
      await this.save(form);
    };
    switch (step) {
      case "description": {
        // A photo with a caption: the caption is the description, the photo kept for later.
        const photo = ctx.message?.photo?.at(-1);
        const said = text ?? (photo ? ctx.message?.caption : undefined);
        if (said === undefined)
          return retry("report-description-not-text", { kind: messageKind(ctx) });
        if (visibleLength(said) < DESCRIPTION_MIN)
          return retry("report-description-too-short", { min: DESCRIPTION_MIN });
        const length = sentLength(said);
        if (length > DESCRIPTION_MAX)
          return retry("report-description-too-long", { length, max: DESCRIPTION_MAX });
        if (!hasWords(said)) return retry("text-no-words");
        // Direction overrides in a text would scramble every card that quotes it.
        d.description = sanitizeDisplayText(said);
        // Editing leaves the photos as they are: the summary comes next, not the photos step.
        if (photo && !form.editing) {
          d.photos = [photo.file_id];
          if (form.album) form.album.keep = true;
        }
        return this.goTo(ctx, form, district, "location");
      }
      case "location": {
        const loc = ctx.message?.location;
        if (loc) {
          if (!inTehranProvince(loc.latitude, loc.longitude))
            return retry("report-location-outside");
          d.location = { lat: loc.latitude, lon: loc.longitude };
        } else if (isTypedLabel(deps, "report-btn-skip", text)) delete d.location;
        else if (text !== undefined && visibleLength(text) >= 5 && !text.startsWith("/")) {
          // Refused with its length rather than cut: what is kept is what the person wrote.
          const length = sentLength(text);
          if (length > ADDRESS_MAX)
            return retry("report-address-too-long", { length, max: ADDRESS_MAX });
          // Emoji, dots or a number alone would reach the owner's card as the place.
          if (!hasWords(text)) return retry("text-no-words");
          d.location = { address: sanitizeDisplayText(text) };
        } else return retry("report-location-not-understood");
        return this.goTo(ctx, form, district, "photos");
      }
      case "photos": {
        const photo = ctx.message?.photo?.at(-1);
        if (photo && d.photos.length >= MAX_PHOTOS) {
          // Already full (editing with five kept): said once, nothing more stored.
          if (!form.extraPhotosTold)
            await ctx.reply(ctx.t("report-photos-full", { max: MAX_PHOTOS }));
          form.extraPhotosTold = true;
          return this.save(form);
        }
        if (photo) {
          d.photos.push(photo.file_id);
          if (d.photos.length >= MAX_PHOTOS) return this.goTo(ctx, form, district, "urgency");
          return retry("report-photo-received", { count: d.photos.length, max: MAX_PHOTOS });
        }
        if (isTypedLabel(deps, "report-btn-skip", text)) {
          d.photos = [];
          return this.goTo(ctx, form, district, "urgency");
        }
        if (isTypedLabel(deps, "report-btn-photos-done", text))
          return this.goTo(ctx, form, district, "urgency");
        // A picture sent "as a file" (uncompressed): the owners' cards show photos, so it is
        // asked for again as a photo, saying how — "photos only" reads as a refusal of it.
        if (ctx.message?.document?.mime_type?.startsWith("image/"))
          return retry("report-photos-as-file");
        return retry("report-photos-not-photo");
      }
    }
  }
}

/** The data of this form's Cancel buttons. */
function cancelData(form: ReportFormDoc): string {
  return form.key === undefined ? "x:cancel" : `x:cancel:${form.key}`;
}

/** A Cancel button, of this form or of another one. */
function isCancelPress(data: string): boolean {
  return data === "x:cancel" || data.startsWith("x:cancel:");
}

/** Whether a press is one of the buttons of the question the form waits on. */
function accepts(form: ReportFormDoc, district: DistrictDoc, data: string): boolean {
  if (data === "b:summary") return form.editing;
  switch (form.step) {
    case "subject":
      return district.subjects.some((s) => `s:${s.code}` === data);
    case "hood":
      return data === "h:keep" || data === "h:other";
    case "otherHood":
      return data.startsWith("n:") && Boolean(findNeighborhood(district, data.slice(2)));
    case "urgency":
      return data === "u:normal" || data === "u:urgent";
    case "edit":
      return data === "e:back" || FIELDS.some((f) => `e:${f}` === data);
    case "summary":
      return (
        data === "c:confirm" ||
        data === "c:edit" ||
        form.duplicates.some((x) => `d:${x.id}` === data)
      );
    default:
      return false;
  }
}
