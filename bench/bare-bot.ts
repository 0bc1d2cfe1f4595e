/**
 * The baseline: a bare grammY echo bot, run as a child process like shurayar, polling the
 * same emulator with the same runner. A text is echoed with one inline button; a press of
 * it is answered and echoed — the same kinds of calls shurayar makes for each update.
 */
import { run } from "@grammyjs/runner";
import { Bot, InlineKeyboard } from "grammy";

const token = process.env.BOT_TOKEN;
const apiRoot = process.env.BOT_API_ROOT;
if (!token || !apiRoot) {
  process.stderr.write("bare-bot: BOT_TOKEN and BOT_API_ROOT are required\n");
  process.exit(2);
}
const bot = new Bot(token, { client: { apiRoot } });
bot.on("message:text", (ctx) =>
  ctx.reply(`echo: ${ctx.message.text}`, {
    reply_markup: new InlineKeyboard().text("again", "again"),
  }),
);
bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(`pressed: ${ctx.callbackQuery.data}`, {
    reply_markup: new InlineKeyboard().text("again", "again"),
  });
});
await bot.init();
const runner = run(bot);
const stop = () => void runner.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
