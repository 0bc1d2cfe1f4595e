import { inflateSync } from "node:zlib";

/** A minimal PNG decoder for tests: 8-bit RGB/RGBA/grey, non-interlaced (what resvg writes). */
export function decodePng(buf: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const b = Buffer.from(buf);
  const sig = "89504e470d0a1a0a";
  if (b.subarray(0, 8).toString("hex") !== sig) throw new Error("not a PNG");
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  let bitDepth = 0;
  let interlace = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (off < b.length) {
    const len = b.readUInt32BE(off);
    const type = b.subarray(off + 4, off + 8).toString("latin1");
    const data = b.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colorType = data[9]!;
      interlace = data[12]!;
    } else if (type === "PLTE") palette = Buffer.from(data);
    else if (type === "IDAT") idat.push(Buffer.from(data));
    else if (type === "IEND") break;
    off += 12 + len;
  }
  if (bitDepth !== 8 || interlace !== 0) throw new Error(`unsupported PNG (depth ${bitDepth})`);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels) throw new Error(`unsupported colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels]! : 0;
      const up = y > 0 ? px[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? px[(y - 1) * stride + x - channels]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (a + up) >> 1;
      else if (filter === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      }
      px[y * stride + x] = v & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    if (colorType === 6) rgba.set(px.subarray(s, s + 4), i * 4);
    else if (colorType === 2) rgba.set([px[s]!, px[s + 1]!, px[s + 2]!, 255], i * 4);
    else if (colorType === 3) {
      const p = px[s]! * 3;
      rgba.set([palette![p]!, palette![p + 1]!, palette![p + 2]!, 255], i * 4);
    } else if (colorType === 4) rgba.set([px[s]!, px[s]!, px[s]!, px[s + 1]!], i * 4);
    else rgba.set([px[s]!, px[s]!, px[s]!, 255], i * 4);
  }
  return { width, height, rgba };
}

/** Share of pixels whose grey level differs by more than `threshold` (0–255). */
export function diffRatio(a: Uint8Array, b: Uint8Array, threshold = 48): number {
  if (a.length !== b.length) return 1;
  let diff = 0;
  for (let i = 0; i < a.length; i += 4) {
    const ga = (a[i]! + a[i + 1]! + a[i + 2]!) / 3;
    const gb = (b[i]! + b[i + 1]! + b[i + 2]!) / 3;
    if (Math.abs(ga - gb) > threshold) diff++;
  }
  return diff / (a.length / 4);
}

/** Share of pixels that are not (near) white: how much ink there is. */
export function inkRatio(a: Uint8Array): number {
  let ink = 0;
  for (let i = 0; i < a.length; i += 4) if ((a[i]! + a[i + 1]! + a[i + 2]!) / 3 < 160) ink++;
  return ink / (a.length / 4);
}
