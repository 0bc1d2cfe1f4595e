import { describe, expect, it } from "vitest";
import {
  type BotMessage,
  badgeText,
  botMessageHtml,
  callbackNotice,
  chatItems,
  escapeHtml,
  formatTime,
  mergeChanges,
  noticeHtml,
  replyKeyboardHtml,
  replyKeyboardState,
  textHtml,
  type UserMessage,
  userMessageHtml,
} from "../../src/webchat/public/render.js";

const T = { location: "موقعیت مکانی", document: "فایل", edited: "ویرایش‌شده", ok: "باشه" };
// 2024-03-20 08:00 UTC = 11:30 in Tehran (UTC+3:30, no DST since 2022).
const DATE = Date.UTC(2024, 2, 20, 8, 0) / 1000;

const bot = (over: Partial<BotMessage> & { messageId: number }): BotMessage => ({
  seq: over.messageId,
  chatId: 7000001,
  date: DATE,
  deleted: false,
  ...over,
});
const user = (over: Partial<UserMessage> & { messageId: number }): UserMessage => ({
  chatId: 7000001,
  date: DATE,
  ...over,
});

describe("text", () => {
  it("escapes bot text: no markup of its own gets through", () => {
    const html = botMessageHtml(
      bot({ messageId: 1, text: `<img src=x onerror="alert(1)"> & 'q'` }),
      "fa",
      T,
    );
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;");
  });

  it("keeps lines and lets each bubble pick its direction (RTL text, LTR codes inside)", () => {
    const html = botMessageHtml(
      bot({
        messageId: 2,
        text: "کد پیگیری:\nR-1403-0042",
        entities: [{ type: "code", offset: 11, length: 11 }],
      }),
      "fa",
      T,
    );
    expect(html).toContain(
      '<div class="text" dir="auto">کد پیگیری:\n<code dir="ltr">R-1403-0042</code></div>',
    );
  });

  it("renders entities, nested and by UTF-16 offsets, and drops unsafe links", () => {
    const text = "😀 bold link bad";
    const html = textHtml(text, [
      { type: "bold", offset: 3, length: 9 },
      { type: "italic", offset: 8, length: 4 },
      { type: "text_link", offset: 8, length: 4, url: "https://example.org/?a=1&b=2" },
      { type: "text_link", offset: 13, length: 3, url: "javascript:alert(1)" },
    ]);
    expect(html).toBe(
      '😀 <b>bold </b><b><i><a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">link</a></i></b> bad',
    );
  });

  it("marks an edited message and drops a deleted one", () => {
    expect(
      botMessageHtml(bot({ messageId: 3, text: "v2", editedAt: DATE + 60 }), "fa", T),
    ).toContain('<span class="edited">ویرایش‌شده</span>');
    expect(botMessageHtml(bot({ messageId: 3, text: "v1" }), "fa", T)).not.toContain("edited");
    expect(botMessageHtml(bot({ messageId: 4, text: "gone", deleted: true }), "fa", T)).toBe("");
    const items = chatItems(
      [bot({ messageId: 4, text: "gone", deleted: true }), bot({ messageId: 2, text: "b" })],
      [user({ messageId: 1, text: "/start" }), user({ messageId: 3, text: "hi" })],
    );
    expect(items.map((i) => `${i.from}${i.messageId}`)).toEqual(["user1", "bot2", "user3"]);
  });
});

describe("keyboards", () => {
  const contactKb = bot({
    messageId: 5,
    text: "شماره",
    replyMarkup: {
      keyboard: [
        [{ text: "📱 ارسال شمارهٔ من", request_contact: true }],
        [{ text: "📍", request_location: true }],
        [{ text: "لغو" }],
      ],
      resize_keyboard: true,
      one_time_keyboard: true,
    },
  });

  it("shows a reply keyboard with contact and location request buttons", () => {
    const kb = replyKeyboardState(chatItems([contactKb], []));
    expect(kb).toMatchObject({ messageId: 5, resize: true, oneTime: true, collapsed: false });
    expect(kb?.rows.flat().map((b) => b.kind)).toEqual(["contact", "location", "text"]);
    const html = replyKeyboardHtml(kb);
    expect(html).toContain('class="reply-keyboard resize"');
    expect(html).toContain('data-kind="contact" data-text="📱 ارسال شمارهٔ من"');
    expect(html).toContain('data-kind="location"');
  });

  it("collapses a one-time keyboard once the person answered; a later keyboard wins", () => {
    const answered = chatItems(
      [contactKb],
      [user({ messageId: 6, contact: { phone_number: "989121000001" } })],
    );
    expect(replyKeyboardState(answered)?.collapsed).toBe(true);
    expect(replyKeyboardHtml(replyKeyboardState(answered))).toBe("");
    const menu = bot({
      messageId: 7,
      text: "منو",
      replyMarkup: { keyboard: [[{ text: "❓ راهنما" }]] },
    });
    const state = replyKeyboardState(
      chatItems([contactKb, menu], [user({ messageId: 6, text: "x" })]),
    );
    expect(state).toMatchObject({ messageId: 7, collapsed: false, resize: false });
    // A message without markup leaves the keyboard as it was, as in messengers.
    const plain = bot({ messageId: 8, text: "ok" });
    expect(replyKeyboardState(chatItems([menu, plain], []))?.messageId).toBe(7);
  });

  it("remove_keyboard hides it", () => {
    const removed = bot({ messageId: 9, text: "ok", replyMarkup: { remove_keyboard: true } });
    expect(replyKeyboardState(chatItems([contactKb, removed], []))).toBeNull();
    expect(replyKeyboardHtml(null)).toBe("");
  });

  it("renders inline buttons that carry their callback data, escaped; URL buttons as links", () => {
    const html = botMessageHtml(
      bot({
        messageId: 10,
        text: "گزارش",
        replyMarkup: {
          inline_keyboard: [
            [
              { text: "تأیید <b>", callback_data: 'ack:"R1"' },
              { text: "رد", callback_data: "rej:R1" },
            ],
            [
              { text: "site", url: "https://example.org" },
              { text: "evil", url: "javascript:x" },
            ],
          ],
        },
      }),
      "fa",
      T,
    );
    expect(html).toContain(
      '<button type="button" class="ikb" data-message-id="10" data-callback="ack:&quot;R1&quot;"><span dir="auto">تأیید &lt;b&gt;</span></button>',
    );
    expect(html).toContain('data-callback="rej:R1"');
    expect(html).toContain('<a class="ikb ikb-url" href="https://example.org"');
    expect(html).not.toContain("javascript:");
    expect(html.match(/class="ikb-row"/g)).toHaveLength(2);
  });
});

describe("media", () => {
  it("shows a photo through the file endpoint, with its caption", () => {
    const html = botMessageHtml(
      bot({ messageId: 11, photoUrl: "/_emu/bots/t/files/PH1", caption: "عکس <محل>" }),
      "fa",
      T,
    );
    expect(html).toContain('<img class="photo" src="/_emu/bots/t/files/PH1"');
    expect(html).toContain("عکس &lt;محل&gt;");
  });

  it("offers a document as a download link", () => {
    const html = botMessageHtml(
      bot({ messageId: 12, document: { fileName: 'report".csv', url: "/_emu/bots/t/files/DO1" } }),
      "fa",
      T,
    );
    expect(html).toContain(
      '<a class="document" href="/_emu/bots/t/files/DO1" download="report&quot;.csv">',
    );
  });

  it("shows a location as a card with coordinates in the page's digits (no map tiles)", () => {
    const html = botMessageHtml(
      bot({ messageId: 13, location: { latitude: 35.7448, longitude: 51.4969 } }),
      "fa",
      T,
    );
    expect(html).toContain("موقعیت مکانی");
    // Persian digits, decimal separator and comma, as the bot writes pins.
    expect(html).toContain('<span class="coords" dir="ltr">۳۵٫۷۴۴۸۰، ۵۱٫۴۹۶۹۰</span>');
    expect(html).not.toMatch(/https?:/);
    const en = userMessageHtml(
      user({ messageId: 14, location: { latitude: 35.7448, longitude: 51.4969 } }),
      "en",
      T,
    );
    expect(en).toContain('<span class="coords" dir="ltr">35.74480, 51.49690</span>');
  });

  it("shows what the person sent: contact, location, photo, text", () => {
    const html = [
      userMessageHtml(
        user({ messageId: 1, contact: { phone_number: "989121000001", first_name: "مریم" } }),
        "fa",
        T,
      ),
      userMessageHtml(
        user({ messageId: 2, location: { latitude: 35.7, longitude: 51.4 } }),
        "fa",
        T,
      ),
      userMessageHtml(user({ messageId: 3, photoUrl: "/_emu/bots/t/files/PH2" }), "fa", T),
      userMessageHtml(user({ messageId: 4, text: "<script>" }), "fa", T),
    ].join("");
    expect(html).toContain('<span class="phone" dir="ltr">+989121000001</span>');
    expect(html).toContain("۳۵٫۷۰۰۰۰، ۵۱٫۴۰۰۰۰");
    expect(html).toContain('src="/_emu/bots/t/files/PH2"');
    expect(html).toContain("&lt;script&gt;");
    expect(html.match(/class="msg msg-user"/g)).toHaveLength(4);
  });
});

describe("callback answers", () => {
  it("a text answer is a toast, show_alert a modal-ish box, a silent answer nothing", () => {
    const toast = callbackNotice({ seq: 1, text: "ثبت شد", showAlert: false });
    expect(toast).toEqual({ kind: "toast", text: "ثبت شد" });
    expect(noticeHtml(toast!, T)).toBe('<div class="toast" role="status" dir="auto">ثبت شد</div>');
    const alert = callbackNotice({ seq: 2, text: "<مهلت> گذشته", showAlert: true });
    const html = noticeHtml(alert!, T);
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain("&lt;مهلت&gt; گذشته");
    expect(html).toContain('<button type="button" class="alert-ok">باشه</button>');
    expect(callbackNotice({ seq: 3, showAlert: false })).toBeNull();
  });
});

describe("time and badges", () => {
  it("shows Tehran time, in Persian digits for the Persian UI", () => {
    expect(formatTime(DATE, "fa")).toBe("۱۱:۳۰");
    expect(formatTime(DATE, "en")).toBe("11:30");
    // Midnight UTC is 03:30 in Tehran, whatever the machine's time zone.
    expect(formatTime(0, "en")).toBe("03:30");
    expect(botMessageHtml(bot({ messageId: 1, text: "x" }), "fa", T)).toContain(">۱۱:۳۰</time>");
  });

  it("counts only new messages of each chat for unread badges", () => {
    const chats = new Map<number, Map<number, BotMessage>>();
    const first = mergeChanges(chats, [
      bot({ messageId: 1, chatId: 1, text: "a" }),
      bot({ messageId: 2, chatId: 1, text: "b" }),
      bot({ messageId: 1, chatId: 2, text: "c" }),
    ]);
    expect([...first.fresh]).toEqual([
      [1, 2],
      [2, 1],
    ]);
    // An edit of a known message re-renders the chat but is not a new unread message.
    const edit = mergeChanges(chats, [
      bot({ messageId: 1, chatId: 1, seq: 9, text: "a2", editedAt: DATE }),
    ]);
    expect(edit.fresh.size).toBe(0);
    expect([...edit.touched]).toEqual([1]);
    expect(chats.get(1)?.get(1)?.text).toBe("a2");
    expect(badgeText(3, "fa")).toBe("۳");
    expect(badgeText(120, "en")).toBe("99+");
    expect(badgeText(0, "fa")).toBe("");
    expect(escapeHtml(null)).toBe("");
  });
});
