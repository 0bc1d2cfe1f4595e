import type { NewReport } from "../../src/reports/service.ts";
import type { Harness } from "../helpers/harness.ts";

export const personId = (phone: string) => `d8:${phone}`;

/** Files a report straight through the service (the conversation has its own tests). */
export async function seedReport(
  h: Harness,
  o: {
    phone?: string;
    subject?: string;
    neighborhood?: string;
    description?: string;
    location?: NewReport["location"];
  } = {},
) {
  const person = await h.repos.people.get(personId(o.phone ?? "989121000001"));
  if (!person) throw new Error("no such person");
  const input: NewReport = {
    person,
    platform: "telegram",
    chatId: 4_000_000 + Number(person.phone.slice(-2)),
    subject: o.subject ?? "urban_services",
    neighborhood: o.neighborhood ?? person.neighborhood ?? "narmak",
    description: o.description ?? "چراغ‌های خیابان گلبرگ غربی خاموش است",
    ...(o.location ? { location: o.location } : {}),
    photos: [],
    urgency: "normal",
  };
  return h.app.services.reports.create(input);
}

/** An owner action through the service, as the given person. */
export async function act(
  h: Harness,
  reportId: string,
  action: "ack" | "refer" | "resolve" | "reject",
  phone: string,
) {
  const r = await h.app.services.reports.act(
    reportId,
    action,
    { personId: personId(phone), platform: "telegram", userId: 1 },
    { note: "انجام شد", deputy: "معاونت خدمات شهری و محیط زیست", reason: "out_of_scope" },
  );
  if (!r.ok) throw new Error(`act ${action} failed: ${r.why}`);
  return r.report;
}

export const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
