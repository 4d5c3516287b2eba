// Scalars in TensorBoard's event files, the log of PyTorch's SummaryWriter, Keras' TensorBoard
// callback and Lightning's default logger: TFRecord framing (a little-endian u64 length, its masked
// CRC-32C, the bytes, their masked CRC-32C) around `Event` protocol buffers. Only what a scalar needs
// is decoded: Event.step (2) and .summary (5); Summary.value (1); Value.tag (1), .simple_value (2) and
// .tensor (8); TensorProto.dtype (1), .tensor_content (4), .float_val (5) and .double_val (6).

export interface EventScalar {
  step: number;
  tag: string;
  value: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** TFRecord's masked CRC-32C (Castagnoli) of `bytes`. */
export function maskedCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  crc = (crc ^ 0xffffffff) >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/**
 * The complete records at the start of `bytes`, and how many bytes they take: a record still being
 * written (too few bytes, or a length whose checksum does not match yet) ends the list. A record
 * whose own checksum fails is skipped.
 */
export function tfRecords(bytes: Uint8Array): { records: Uint8Array[]; used: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at + 12 <= bytes.length) {
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) break;
    const length = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    const end = at + 12 + length + 4;
    if (end > bytes.length) break;
    const data = bytes.subarray(at + 12, at + 12 + length);
    if (view.getUint32(at + 12 + length, true) === maskedCrc32c(data)) records.push(data);
    at = end;
  }
  return { records, used: at };
}

interface Field {
  number: number;
  /** The varint's value (wire type 0). */
  varint: number;
  /** The field's bytes: 8 (wire type 1), 4 (wire type 5), or the length-delimited payload (2). */
  bytes: Uint8Array;
  wire: number;
}

/** The fields of one protocol buffer message, in order; stops at anything it cannot read. */
function fields(message: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): number | null => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10 && at < message.length; i++) {
      const byte = message[at++] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return value;
    }
    return null;
  };
  while (at < message.length) {
    const key = varint();
    if (key === null) break;
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const value = varint();
      if (value === null) break;
      out.push({ number, wire, varint: value, bytes: new Uint8Array(0) });
      continue;
    }
    const size = wire === 1 ? 8 : wire === 5 ? 4 : wire === 2 ? varint() : null;
    if (size === null || at + size > message.length) break;
    out.push({ number, wire, varint: 0, bytes: message.subarray(at, at + size) });
    at += size;
  }
  return out;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const DT_FLOAT = 1;
const DT_DOUBLE = 2;

/** The one number of a scalar TensorProto (float or double), or undefined. */
function tensorScalar(tensor: Uint8Array): number | undefined {
  let dtype = 0;
  const values: number[] = [];
  let content: Uint8Array | null = null;
  for (const f of fields(tensor)) {
    if (f.number === 1 && f.wire === 0) dtype = f.varint;
    else if (f.number === 4 && f.wire === 2) content = f.bytes;
    else if (f.number === 5 || f.number === 6) {
      const width = f.number === 5 ? 4 : 8;
      // packed (wire type 2) or one value per field (5: fixed32, 1: fixed64)
      for (let at = 0; at + width <= f.bytes.length; at += width) values.push(width === 4 ? view(f.bytes).getFloat32(at, true) : view(f.bytes).getFloat64(at, true));
    }
  }
  if (values.length === 1) return values[0];
  if (content !== null && dtype === DT_FLOAT && content.length === 4) return view(content).getFloat32(0, true);
  if (content !== null && dtype === DT_DOUBLE && content.length === 8) return view(content).getFloat64(0, true);
  return undefined;
}

const decoder = new TextDecoder();

/** The scalars of one Event record (none for the file's version record, images, histograms...). */
export function eventScalars(record: Uint8Array): EventScalar[] {
  let step = 0;
  const summaries: Uint8Array[] = [];
  for (const f of fields(record)) {
    if (f.number === 2 && f.wire === 0) step = f.varint;
    else if (f.number === 5 && f.wire === 2) summaries.push(f.bytes);
  }
  const out: EventScalar[] = [];
  for (const summary of summaries) {
    for (const v of fields(summary)) {
      if (v.number !== 1 || v.wire !== 2) continue;
      let tag: string | null = null;
      let value: number | undefined;
      for (const f of fields(v.bytes)) {
        if (f.number === 1 && f.wire === 2) tag = decoder.decode(f.bytes);
        else if (f.number === 2 && f.wire === 5) value = view(f.bytes).getFloat32(0, true);
        else if (f.number === 8 && f.wire === 2) value = tensorScalar(f.bytes);
      }
      if (tag !== null && value !== undefined) out.push({ step, tag, value });
    }
  }
  return out;
}
