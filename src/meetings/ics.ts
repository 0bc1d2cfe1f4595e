import { createEvent } from "ics";

/** What a calendar file needs; texts already in the person's language. */
export interface IcsInput {
  uid: string;
  title: string;
  startAt: number;
  durationMin: number;
  location?: string;
  url?: string;
  description?: string;
  cancelled?: boolean;
}

/**
 * A single-event .ics file (UTC times, so any phone shows it in its own zone). The UID
 * is stable per meeting and the sequence grows with each move, so re-importing a moved
 * meeting updates the entry instead of adding a second one.
 */
export function meetingIcs(input: IcsInput, sequence = 0): Buffer {
  const { error, value } = createEvent({
    uid: `${input.uid}@shurayar`,
    productId: "shurayar/meetings",
    title: input.title,
    start: input.startAt,
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: input.durationMin },
    ...(input.location ? { location: input.location } : {}),
    ...(input.url && /^https?:\/\//i.test(input.url) ? { url: input.url } : {}),
    ...(input.description ? { description: input.description } : {}),
    status: input.cancelled ? "CANCELLED" : "CONFIRMED",
    sequence,
    alarms: [{ action: "display", description: input.title, trigger: { hours: 2, before: true } }],
  });
  if (error || !value) throw error ?? new Error("ics: no output");
  return Buffer.from(foldOctets(value), "utf8");
}

/**
 * Content lines folded at 75 octets, as RFC 5545 §3.1 asks (the library folds at 75
 * characters, and a Persian letter is two octets in UTF-8): unfolded first, then folded
 * between characters, a continuation starting with one space.
 */
export function foldOctets(ics: string): string {
  const lines = ics.replace(/\r?\n[ \t]/g, "").split(/\r?\n/);
  const out: string[] = [];
  for (const line of lines) {
    let chunk = "";
    let octets = 0;
    // The first line may hold 75 octets, each continuation 74 after its leading space.
    let room = 75;
    for (const ch of line) {
      const size = Buffer.byteLength(ch, "utf8");
      if (octets + size > room) {
        out.push(chunk);
        chunk = " ";
        octets = 1;
        room = 75;
      }
      chunk += ch;
      octets += size;
    }
    out.push(chunk);
  }
  return out.join("\r\n");
}
