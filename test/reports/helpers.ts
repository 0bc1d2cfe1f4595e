import type { User } from "../../src/emulator/client.ts";
import type { Harness } from "../helpers/harness.ts";

export interface FileOptions {
  subject?: string;
  otherHood?: string;
  description?: string;
  location?: { lat: number; lon: number } | string;
  photos?: number;
  urgent?: boolean;
}

/** Walks the report conversation with the buttons, as a person would, up to the summary. */
export async function fillReport(user: User, o: FileOptions = {}) {
  await user.send("📝 گزارش مشکل");
  await user.press(o.subject ?? "خدمات شهری");
  if (o.otherHood) {
    await user.press("🏘 محلهٔ دیگر");
    await user.press(o.otherHood);
  } else await user.press(/^✅ همین محله/);
  await user.waitFor(/مشکل را در یک پیام متنی شرح دهید/);
  await user.send(o.description ?? "چراغ‌های خیابان گلبرگ غربی از سه شب پیش خاموش است");
  await user.waitFor(/محل دقیق را مشخص کنید/);
  if (typeof o.location === "string") await user.send(o.location);
  else if (o.location) await user.shareLocation(o.location.lat, o.location.lon);
  else await user.send("⏭ رد شدن");
  await user.waitFor(/عکس/);
  for (let i = 0; i < (o.photos ?? 0); i++) {
    await user.sendPhoto();
    if (i < 4) await user.waitFor(new RegExp(`عکس ${"۱۲۳۴۵"[i]} از ۵`));
  }
  if ((o.photos ?? 0) < 5) await user.send((o.photos ?? 0) > 0 ? "✅ تمام" : "⏭ رد شدن");
  await user.press(o.urgent ? "🚨 فوری" : "عادی");
  return user.waitFor(/لطفاً گزارش را بررسی کنید/);
}

/** Files a report and returns its tracking code (Latin digits) and its id. */
export async function fileReport(h: Harness, user: User, o: FileOptions = {}) {
  await fillReport(user, o);
  await user.press("✅ ثبت گزارش");
  const filed = await user.waitFor(/گزارش شما ثبت شد/);
  const code = /کد پیگیری: (\S+)/.exec(filed.text ?? "")?.[1] ?? "";
  const latin = code.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
  const report = await h.app.services.reports.byCode("d8", latin);
  if (!report) throw new Error(`no report ${latin}`);
  return { code: latin, id: report._id, report };
}

export const fa = (s: string) => s.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)]!);
