import { Keyboard } from "grammy";
import type { AppDeps, Conv, ConvContext } from "../src/bot/context.ts";
import { mainMenuKeyboard } from "../src/bot/menu.ts";
import { joinList } from "../src/domain/digits.ts";
import { normalizeIranianPhone } from "../src/domain/phone.ts";
import type { Lang, PersonDoc } from "../src/repos/types.ts";

export const ONBOARDING = "onboarding";

/** A liaison to contact; the district is named only where a stranger could pick the wrong one. */
interface Liaison {
  name: string;
  district?: { fa: string; en: string };
}

type MatchResult =
  | { kind: "linked"; person: PersonDoc }
  | { kind: "not_on_roster"; liaisons: Liaison[] }
  | { kind: "inactive"; liaisons: Liaison[] };

const LIAISONS_MAX = 3;

/**
 * The liaisons to contact, never their phone numbers (strangers read this): those of the
 * person's district; for a stranger, whose district is unknown, those of the only district,
 * else the first of each district with its name.
 */
async function liaisonNames(deps: AppDeps, districtId?: string): Promise<Liaison[]> {
  const people = await deps.repos.people.col.find(
    { roles: "liaison", active: true, ...(districtId !== undefined ? { districtId } : {}) },
    { sort: { _id: 1 }, ...(districtId !== undefined ? { limit: LIAISONS_MAX } : {}) },
  );
  const byDistrict = new Map<string, string>();
  for (const p of people) if (!byDistrict.has(p.districtId)) byDistrict.set(p.districtId, p.name);
  if (byDistrict.size <= 1) return people.slice(0, LIAISONS_MAX).map((p) => ({ name: p.name }));
  const liaisons: Liaison[] = [];
  for (const d of await deps.repos.districts.all()) {
    const name = byDistrict.get(d._id);
    if (name !== undefined && liaisons.length < LIAISONS_MAX)
      liaisons.push({ name, district: d.name });
  }
  return liaisons;
}

/** The `liaison` variable of a refusal: their names in the reader's language, or "none". */
export async function liaisonVar(deps: AppDeps, lang: Lang, districtId?: string): Promise<string> {
  return liaisonText(deps, await liaisonNames(deps, districtId), lang);
}

const liaisonText = (deps: AppDeps, liaisons: Liaison[], lang: Lang) =>
  joinList(
    liaisons.map((l) =>
      l.district
        ? deps.i18n.t(lang, "liaison-of-district", { name: l.name, district: l.district[lang] })
        : l.name,
    ),
    lang,
  ) || "none";

async function refuse(deps: AppDeps, userId: number, reason: string, note?: string): Promise<void> {
  await deps.repos.audit.append({
    itemType: "access",
    itemId: `${deps.platform}:${userId}`,
    at: deps.clock.now(),
    actor: { platform: deps.platform, userId },
    action: "access.refused",
    note: note ? `${reason}: ${note}` : reason,
  });
}

/** Matches a verified phone number to the roster and links the account. */
export async function matchContact(
  deps: AppDeps,
  userId: number,
  rawPhone: string,
): Promise<MatchResult> {
  const phone = normalizeIranianPhone(rawPhone);
  const candidates = phone ? await deps.repos.people.byPhone(phone) : [];
  const masked = `…${(phone ?? rawPhone).slice(-4)}`;
  const active = candidates.find((p) => p.active);
  if (!active) {
    const reason = candidates.length ? "inactive" : "not_on_roster";
    await refuse(deps, userId, reason, masked);
    return { kind: reason, liaisons: await liaisonNames(deps, candidates[0]?.districtId) };
  }
  const now = deps.clock.now();
  const before = await deps.repos.identities.get(deps.platform, userId);
  await deps.repos.identities.link(deps.platform, userId, active._id, now);
  if (before?.personId !== active._id)
    await deps.repos.audit.append({
      itemType: "person",
      itemId: active._id,
      at: now,
      actor: { platform: deps.platform, userId, personId: active._id },
      action: "identity.linked",
      note: `${deps.platform}:${userId}`,
    });
  deps.langs.set(userId, before?.lang ?? deps.langs.get(userId) ?? "fa");
  return { kind: "linked", person: active };
}

export function contactKeyboard(ctx: ConvContext): Keyboard {
  return new Keyboard()
    .requestContact(ctx.t("button-share-contact"))
    .row()
    .text(ctx.t("button-cancel"))
    .resized()
    .oneTime();
}

/**
 * Sign-in: the person shares their own contact (the messenger verifies the number) and
 * it is matched against the roster. Nothing is stored for a refusal but an audit line.
 */
export function createOnboarding(deps: AppDeps) {
  return async function onboarding(conversation: Conv, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("onboarding-intro"), { reply_markup: contactKeyboard(ctx) });
    for (;;) {
      const next = await conversation.wait();
      const userId = next.from?.id;
      if (userId === undefined) continue;
      const contact = next.message?.contact;
      if (contact) {
        if (contact.user_id !== userId) {
          await conversation.external(() => refuse(deps, userId, "not_own_contact"));
          await next.reply(next.t("refuse-not-own-contact"), {
            reply_markup: contactKeyboard(next),
          });
          continue;
        }
        const result = await conversation.external(() =>
          // Bale's client libraries type the number as an integer: either form is read.
          matchContact(deps, userId, String(contact.phone_number)),
        );
        if (result.kind === "linked") {
          await next.reply(next.t("welcome", { name: result.person.name }));
          await next.reply(next.t("menu-prompt"), {
            reply_markup: mainMenuKeyboard(next, deps.menu, result.person),
          });
          // What was assigned to them before they signed in, after the welcome. A failure
          // is retried by the held sweep.
          const personId = result.person._id;
          await conversation.external(() =>
            deps.services.held.release(personId).catch((err: unknown) => {
              deps.log.error({ err, personId }, "held notices: release failed");
              return 0;
            }),
          );
        } else {
          const key = result.kind === "inactive" ? "refuse-inactive" : "refuse-not-on-roster";
          await next.reply(
            next.t(key, {
              liaison: liaisonText(deps, result.liaisons, deps.langs.get(userId) ?? "fa"),
            }),
            {
              reply_markup: { remove_keyboard: true },
            },
          );
        }
        return;
      }
      const text = next.message?.text;
      if (
        text !== undefined &&
        [deps.i18n.t("fa", "button-cancel"), deps.i18n.t("en", "button-cancel")].includes(text)
      ) {
        await next.reply(next.t("onboarding-cancelled"), {
          reply_markup: { remove_keyboard: true },
        });
        return;
      }
      if (next.callbackQuery) {
        // No button of this step is inline: any press is an earlier message's.
        await next.answerCallbackQuery({ text: next.t("callback-stale") });
        continue;
      }
      await next.reply(next.t("onboarding-press-button"), { reply_markup: contactKeyboard(next) });
    }
  };
}
