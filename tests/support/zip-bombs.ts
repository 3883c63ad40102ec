/**
 * Hand-made zip bombs for tests: deflated zeros (huge when unpacked, tiny packed) in zips
 * whose headers claim whatever size the test wants.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { strToU8 } from 'fflate';

export const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
export const setU32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);

/**
 * Raw deflate of `megabytes` MB of zeros, made without compressing them all: one MB of zeros
 * is deflated once, ending in a full flush (non-final blocks, byte-aligned, nothing referring
 * back past it), then repeated, then closed by an empty final block. Compressing 512 MB for
 * every run took most of a minute; this takes milliseconds and unpacks to the same bytes.
 */
export function deflatedZeros(megabytes: number): Uint8Array {
  const oneMegabyte = deflateRawSync(new Uint8Array(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(new Uint8Array(0));
  const out = new Uint8Array(oneMegabyte.length * megabytes + end.length);
  for (let i = 0; i < megabytes; i++) out.set(oneMegabyte, i * oneMegabyte.length);
  out.set(end, oneMegabyte.length * megabytes);
  return out;
}

export interface LyingEntry {
  name: string;
  data: Uint8Array;
  method: 0 | 8;
  declared: number;
}

/**
 * A zip of `names`, each entry deflated as `data`, claiming `declared` bytes unpacked (in both
 * the local header and the central directory), as a hand-made bomb does.
 */
export function lyingZip(entries: LyingEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    setU32(local, 0, 0x04034b50);
    local[4] = 20;
    local[8] = e.method;
    setU32(local, 18, e.data.length);
    setU32(local, 22, e.declared);
    local[26] = name.length & 0xff;
    local[27] = name.length >> 8;
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    setU32(central, 0, 0x02014b50);
    central[4] = 20;
    central[6] = 20;
    central[10] = e.method;
    setU32(central, 20, e.data.length);
    setU32(central, 24, e.declared);
    central[28] = name.length & 0xff;
    central[29] = name.length >> 8;
    setU32(central, 42, offset);
    central.set(name, 46);
    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  setU32(end, 0, 0x06054b50);
  end[8] = end[10] = entries.length & 0xff;
  end[9] = end[11] = entries.length >> 8;
  setU32(end, 12, cdSize);
  setU32(end, 16, offset);
  const all = [...locals, ...centrals, end];
  const zip = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    zip.set(p, at);
    at += p.length;
  }
  return zip;
}

