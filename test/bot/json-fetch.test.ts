import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonFetch } from "../../src/bot/json-fetch.ts";

/** A tiny server: echoes the JSON it got; `/slow` never answers; `/cut` drops mid-answer. */
const BIG = "چراغ‌های کوچه خاموش است 👋 ".repeat(20_000);
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/slow") return;
      if (req.url === "/big") {
        // Written in pieces cut inside multi-byte characters.
        const bytes = Buffer.from(JSON.stringify({ ok: true, result: BIG }));
        res.writeHead(200, { "content-type": "application/json" });
        for (let i = 0; i < bytes.length; i += 1001) res.write(bytes.subarray(i, i + 1001));
        res.end();
        return;
      }
      if (req.url === "/cut") {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"ok":tr');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const got = Buffer.concat(chunks).toString("utf8");
      const body = JSON.stringify({
        ok: true,
        result: { method: req.method, type: req.headers["content-type"], got },
      });
      res.writeHead(req.url === "/busy" ? 502 : 200, { "content-type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const post = (path: string, body: unknown, signal?: AbortSignal) =>
  jsonFetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  } as RequestInit);

describe("jsonFetch", () => {
  it("posts a JSON body and reads the answer, its status and its body again", async () => {
    const res = await post("/sendMessage", { chat_id: 1, text: "سلام 👋" });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { result: { got: string; type: string } };
    expect(JSON.parse(json.result.got)).toEqual({ chat_id: 1, text: "سلام 👋" });
    expect(json.result.type).toBe("application/json");
    expect(await res.clone().text()).toContain('"ok":true');
    const bad = await post("/busy", {});
    expect(bad.ok).toBe(false);
    expect(bad.status).toBe(502);
  });

  it("reads an answer that arrives in many pieces whole", async () => {
    const res = await post("/big", {});
    expect(((await res.json()) as { result: string }).result).toBe(BIG);
  });

  it("rejects when aborted while waiting, and at once when aborted before", async () => {
    const controller = new AbortController();
    const waiting = post("/slow", {}, controller.signal);
    setTimeout(() => controller.abort(), 30);
    await expect(waiting).rejects.toThrow(/abort/i);
    await expect(post("/slow", {}, controller.signal)).rejects.toThrow(/abort/i);
  });

  it("rejects an answer cut off mid-way instead of handing on half of it", async () => {
    await expect(post("/cut", {})).rejects.toThrow();
  });

  it("hands anything but a JSON text body to node-fetch (uploads)", async () => {
    const form = new URLSearchParams({ a: "1" });
    const res = await jsonFetch(`${base}/sendDocument`, {
      method: "POST",
      body: form,
    } as RequestInit);
    const json = (await res.json()) as { result: { got: string; type: string } };
    expect(json.result.got).toBe("a=1");
    expect(json.result.type).toContain("application/x-www-form-urlencoded");
  });
});
