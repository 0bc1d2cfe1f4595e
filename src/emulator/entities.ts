import { badRequest, type MessageEntity } from "./types.ts";

/**
 * parse_mode handling: turns MarkdownV2 / Markdown / HTML into plain text plus entities,
 * and rejects obviously broken markup with the real API's "can't parse entities" errors.
 * It covers the common syntax, not every corner of Telegram's parser.
 */

export interface Parsed {
  text: string;
  entities: MessageEntity[];
}

const fail = (what: string): never => {
  throw badRequest(`can't parse entities: ${what}`);
};

const byteOffset = (src: string, i: number): number => Buffer.byteLength(src.slice(0, i), "utf8");

export function parseEntities(text: string, parseMode: string | undefined): Parsed {
  if (!parseMode) return { text, entities: [] };
  switch (parseMode.toLowerCase()) {
    case "markdownv2":
      return parseMarkdownV2(text);
    case "markdown":
      return parseMarkdown(text);
    case "html":
      return parseHtml(text);
    default:
      throw badRequest(`unsupported parse_mode`);
  }
}

interface Open {
  type: string;
  delim: string;
  start: number;
  srcIndex: number;
}

const MDV2_RESERVED = new Set("_*[]()~`>#+-=|{}.!".split(""));

export function parseMarkdownV2(src: string): Parsed {
  let out = "";
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  const close = (open: Open, url?: string) => {
    const length = out.length - open.start;
    if (length > 0) {
      entities.push({ type: open.type, offset: open.start, length, ...(url ? { url } : {}) });
    }
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      const next = src[i + 1];
      if (next === undefined) fail(`Character '\\' is reserved and must be escaped`);
      out += next;
      i += 2;
      continue;
    }
    if (c === "`") {
      const isPre = src.startsWith("```", i);
      const delim = isPre ? "```" : "`";
      let j = i + delim.length;
      let body = "";
      let closed = false;
      while (j < src.length) {
        if (src[j] === "\\" && j + 1 < src.length) {
          body += src[j + 1];
          j += 2;
          continue;
        }
        if (src.startsWith(delim, j)) {
          closed = true;
          break;
        }
        body += src[j];
        j++;
      }
      if (!closed)
        fail(
          `Can't find end of ${isPre ? "Pre" : "Code"} entity at byte offset ${byteOffset(src, i)}`,
        );
      let language: string | undefined;
      if (isPre) {
        const nl = body.indexOf("\n");
        if (nl >= 0 && /^[\w+#-]*$/.test(body.slice(0, nl))) {
          language = body.slice(0, nl) || undefined;
          body = body.slice(nl + 1);
        }
      }
      if (body.length > 0) {
        entities.push({
          type: isPre ? "pre" : "code",
          offset: out.length,
          length: body.length,
          ...(language ? { language } : {}),
        });
      }
      out += body;
      i = j + delim.length;
      continue;
    }
    let delim: string | undefined;
    let type: string | undefined;
    if (c === "*") [delim, type] = ["*", "bold"];
    else if (c === "~") [delim, type] = ["~", "strikethrough"];
    else if (c === "_") [delim, type] = src[i + 1] === "_" ? ["__", "underline"] : ["_", "italic"];
    else if (c === "|" && src[i + 1] === "|") [delim, type] = ["||", "spoiler"];
    if (delim && type) {
      const top = stack[stack.length - 1];
      if (top && top.delim === delim) {
        stack.pop();
        close(top);
      } else {
        stack.push({ type, delim, start: out.length, srcIndex: i });
      }
      i += delim.length;
      continue;
    }
    if (c === "[") {
      stack.push({ type: "text_link", delim: "[", start: out.length, srcIndex: i });
      i++;
      continue;
    }
    if (c === "]") {
      const top = stack[stack.length - 1];
      if (top?.delim === "[") {
        if (src[i + 1] !== "(")
          fail(`Character ']' is reserved and must be escaped with the preceding '\\'`);
        let j = i + 2;
        let url = "";
        while (j < src.length && src[j] !== ")") {
          if (src[j] === "\\" && j + 1 < src.length) j++;
          url += src[j];
          j++;
        }
        if (j >= src.length)
          fail(`Can't find end of a URL at byte offset ${byteOffset(src, i + 2)}`);
        stack.pop();
        close(top, url);
        i = j + 1;
        continue;
      }
    }
    if (c === ">" && (i === 0 || src[i - 1] === "\n")) {
      // A quoted line: the marker is removed and the line becomes a blockquote.
      const end = src.indexOf("\n", i);
      const lineEnd = end < 0 ? src.length : end;
      const inner = parseMarkdownV2(src.slice(i + 1, lineEnd));
      const offset = out.length;
      for (const e of inner.entities) entities.push({ ...e, offset: e.offset + offset });
      if (inner.text.length > 0)
        entities.push({ type: "blockquote", offset, length: inner.text.length });
      out += inner.text;
      i = lineEnd;
      continue;
    }
    if (MDV2_RESERVED.has(c)) {
      fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    out += c;
    i++;
  }
  const open = stack[0];
  if (open)
    fail(`Can't find end of the entity starting at byte offset ${byteOffset(src, open.srcIndex)}`);
  return { text: out, entities: entities.sort((a, b) => a.offset - b.offset) };
}

/** Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting. */
export function parseMarkdown(src: string): Parsed {
  let out = "";
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\" && "*_`[".includes(src[i + 1] ?? "")) {
      out += src[i + 1];
      i += 2;
      continue;
    }
    const delim = src.startsWith("```", i) ? "```" : "*_`[".includes(c) ? c : undefined;
    if (!delim) {
      out += c;
      i++;
      continue;
    }
    const endDelim = delim === "[" ? "]" : delim;
    const end = src.indexOf(endDelim, i + delim.length);
    if (end < 0) fail(`Can't find end of the entity starting at byte offset ${byteOffset(src, i)}`);
    const body = src.slice(i + delim.length, end);
    let next = end + endDelim.length;
    let type = { "*": "bold", _: "italic", "`": "code", "```": "pre", "[": "text_link" }[delim]!;
    let url: string | undefined;
    if (delim === "[") {
      if (src[next] === "(") {
        const close = src.indexOf(")", next);
        if (close < 0) fail(`Can't find end of a URL at byte offset ${byteOffset(src, next)}`);
        url = src.slice(next + 1, close);
        next = close + 1;
      } else {
        type = "";
      }
    }
    if (type && body.length > 0) {
      entities.push({ type, offset: out.length, length: body.length, ...(url ? { url } : {}) });
    }
    out += type ? body : `[${body}]`;
    i = next;
  }
  return { text: out, entities };
}

const HTML_TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

export function parseHtml(src: string): Parsed {
  let out = "";
  const entities: MessageEntity[] = [];
  const stack: Array<{ name: string; start: number; url?: string }> = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "&") {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/.exec(src.slice(i, i + 12));
      if (m) {
        const name = m[1]!;
        let ch: string | undefined;
        if (name.startsWith("#x")) ch = String.fromCodePoint(Number.parseInt(name.slice(2), 16));
        else if (name.startsWith("#"))
          ch = String.fromCodePoint(Number.parseInt(name.slice(1), 10));
        else ch = NAMED_ENTITIES[name.toLowerCase()];
        if (ch !== undefined) {
          out += ch;
          i += m[0].length;
          continue;
        }
      }
      out += c;
      i++;
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const end = src.indexOf(">", i);
    if (end < 0) fail(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const raw = src.slice(i + 1, end);
    if (raw.startsWith("/")) {
      const name = raw.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (!top) fail(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      else if (top.name !== name) {
        fail(
          `Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${top.name}>", found "</${name}>"`,
        );
      } else {
        const type = HTML_TAGS[top.name]!;
        const length = out.length - top.start;
        if (length > 0) {
          entities.push({
            type,
            offset: top.start,
            length,
            ...(top.url !== undefined ? { url: top.url } : {}),
          });
        }
      }
    } else {
      const m = /^([a-zA-Z][\w-]*)(.*)$/s.exec(raw);
      const name = m?.[1]?.toLowerCase();
      if (!m || !name || !(name in HTML_TAGS)) {
        fail(`Unsupported start tag "${raw.split(/\s/)[0]}" at byte offset ${byteOffset(src, i)}`);
      } else {
        const attrs = m[2] ?? "";
        let url: string | undefined;
        if (name === "a") {
          url = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/i
            .exec(attrs)
            ?.slice(1)
            .find((v) => v !== undefined);
        }
        stack.push({ name, start: out.length, ...(url !== undefined ? { url } : {}) });
      }
    }
    i = end + 1;
  }
  const open = stack[0];
  if (open) fail(`Can't find end tag corresponding to start tag "${open.name}"`);
  return { text: out, entities: entities.sort((a, b) => a.offset - b.offset) };
}
