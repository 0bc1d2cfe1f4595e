import { expect } from "vitest";
import type { User } from "../../src/emulator/client.ts";
import type { ProposalDoc, ProposalFields } from "../../src/proposals/types.ts";
import type { PersonDoc } from "../../src/repos/types.ts";
import { type Harness, signIn } from "../helpers/harness.ts";

/** The sample district's proposal chain for an urban-services proposal in Narmak. */
export const CHAIN = {
  proposer: "989121000001", // مریم احمدی, councillor in Narmak
  narmakUrban: "989121000003", // زهرا کریمی, neighbourhood WG secretary (urban services)
  districtUrban: "989121000009", // سارا قاسمی, district WG secretary (urban services)
  liaison: "989121000017", // نسرین اکبری
  planning: "989121000019", // شهرام عباسی, deputy:planning
  mayor: "989121000020", // دفتر شهردار منطقه
  presidium: "989121000016", // کامران فرهادی
  outsider: "989121000007", // نرگس جعفری, a councillor outside the chain
} as const;

export const HQ_CHAT = -1001000000008;

export type Cast = Record<keyof typeof CHAIN, User>;

export async function signInAll(h: Harness): Promise<Cast> {
  const client = h.client("telegram");
  const cast = {} as Cast;
  for (const [role, phone] of Object.entries(CHAIN))
    cast[role as keyof Cast] = await signIn(client, phone);
  return cast;
}

/** Fills the whole form through the emulator, up to (not including) the summary's submit. */
export async function fillForm(user: User, opts: { cost?: string; title?: string } = {}) {
  await user.send("🏗 طرح جدید");
  await user.waitFor(/مرحلهٔ ۱ از ۱۰/);
  await user.send(opts.title ?? "نورپردازی کوچهٔ شهید احمدی");
  await user.press("نارمک");
  await user.press("خدمات شهری");
  await user.waitFor(/چه مشکلی را حل می‌کند/);
  await user.send("کوچه شب‌ها کاملاً تاریک است و عبور و مرور ساکنان ناامن شده است.");
  await user.waitFor(/شرح طرح:/);
  await user.send("نصب ده چراغ خورشیدی روی دیوارهای کوچه با پایهٔ فلزی.");
  await user.waitFor(/محل اجرای طرح/);
  await user.send("نارمک، خیابان گلبرگ، کوچهٔ شهید احمدی");
  await user.waitFor(/چه کسانی از این طرح/);
  await user.send("ساکنان کوچه و رهگذران");
  await user.waitFor(/تقریباً چند نفر/);
  await user.send("حدود ۵۰۰ نفر");
  await user.waitFor(/هزینهٔ تخمینی طرح به ریال/);
  await user.send(opts.cost ?? "۲۵۰ میلیون");
  await user.waitFor(/هزینهٔ تخمینی ثبت شد/);
  await user.waitFor(/چند ماه/);
  await user.send("۶ ماه");
  await user.waitFor(/حداکثر ۵ مورد/);
  await user.sendPhoto();
  await user.waitFor(/پیوست ۱ از ۵/);
  await user.sendDocument("estimate.pdf", Buffer.from("%PDF-1.4 estimate"));
  await user.waitFor(/پیوست ۲ از ۵/);
  await user.send("✅ تمام");
  return user.waitFor(/لطفاً طرح را پیش از ارسال/);
}

export async function proposalsOf(h: Harness, phone: string): Promise<ProposalDoc[]> {
  return h.app.services.proposals.col.find(
    { proposerId: `d8:${phone}` },
    { sort: { createdAt: 1 } },
  );
}

export async function person(h: Harness, phone: string): Promise<PersonDoc> {
  const p = await h.repos.people.get(`d8:${phone}`);
  expect(p).toBeTruthy();
  return p!;
}

/** Every field of a proposal but its attachments (the form's last question). */
export const FIELDS_BUT_ATTACHMENTS = {
  title: "بازسازی پیاده‌رو",
  neighborhood: "narmak",
  subject: "urban_services",
  problem: "پیاده‌روی خیابان شکسته و خطرناک است.",
  description: "بازسازی ۲۰۰ متر پیاده‌رو با موزاییک.",
  location: { address: "نارمک، میدان هفت حوض" },
  beneficiaries: { who: "عابران", count: 1000 },
  costRials: 1_200_000_000,
  durationMonths: 3,
} satisfies ProposalFields;

/** Creates and submits a complete proposal straight through the service (for chain tests). */
export async function submitted(h: Harness, title: string, userId: number): Promise<ProposalDoc> {
  const svc = h.app.services.proposals;
  const proposer = await person(h, CHAIN.proposer);
  const { draft } = await svc.createDraft(proposer, "telegram", userId);
  await svc.saveFields(draft._id, proposer._id, {
    ...FIELDS_BUT_ATTACHMENTS,
    title,
    attachments: [],
  });
  const r = await svc.submit(draft._id, { personId: proposer._id, platform: "telegram", userId });
  if (!r.ok) throw new Error(`submit failed: ${r.why}`);
  return r.proposal;
}
