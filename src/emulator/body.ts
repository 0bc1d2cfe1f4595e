import type { IncomingMessage } from "node:http";
import { ApiError, badRequest } from "./types.ts";

/** A file part of a multipart/form-data request. */
export interface UploadedFile {
  filename: string;
  contentType?: string;
  data: Buffer;
}

export interface RequestParams {
  /** Plain parameters: JSON values, or strings when they came from a form. */
  params: Record<string, unknown>;
  /** Multipart file parts by part name (grammY names them by a random id referenced as attach://id). */
  files: Map<string, UploadedFile>;
}

const MAX_BODY = 60 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new ApiError(413, "Request Entity Too Large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses a Bot API request: query string plus a JSON, urlencoded or multipart body. */
export function parseParams(
  query: URLSearchParams,
  contentType: string | undefined,
  body: Buffer,
): RequestParams {
  const params: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const [k, v] of query) params[k] = v;
  const type = (contentType ?? "").toLowerCase();
  if (body.length === 0) return { params, files };
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("can't parse JSON encoded request");
    }
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      Object.assign(params, parsed);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = v;
  } else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw badRequest("multipart boundary is missing");
    for (const part of parseMultipart(body, b)) {
      if (part.filename !== undefined) {
        files.set(part.name, {
          filename: part.filename,
          data: part.data,
          ...(part.contentType ? { contentType: part.contentType } : {}),
        });
      } else {
        params[part.name] = part.data.toString("utf8");
      }
    }
  }
  return { params, files };
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * A small multipart/form-data parser. Written by hand because grammY's encoder writes
 * headers without spaces and filenames unquoted (`name="x";filename=photo.jpg`), which
 * this accepts as well as the usual quoted form.
 */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest("can't parse multipart body");
  while (true) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // "--": closing delimiter
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw badRequest("can't parse multipart body");
    const headers = body.subarray(pos, headerEnd).toString("utf8").split("\r\n");
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    if (next < 0) throw badRequest("can't parse multipart body");
    const data = body.subarray(headerEnd + 4, next);
    let name: string | undefined;
    let filename: string | undefined;
    let contentType: string | undefined;
    for (const line of headers) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-disposition") {
        name = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]*))/i
          .exec(value)
          ?.slice(1)
          .find((v) => v !== undefined);
        filename = /(?:^|;)\s*filename=(?:"([^"]*)"|([^;]*))/i
          .exec(value)
          ?.slice(1)
          .find((v) => v !== undefined)
          ?.trim();
      } else if (key === "content-type") {
        contentType = value;
      }
    }
    if (name !== undefined) {
      parts.push({
        name,
        data: Buffer.from(data),
        ...(filename !== undefined ? { filename } : {}),
        ...(contentType ? { contentType } : {}),
      });
    }
    pos = next + 2;
  }
  return parts;
}
