/** Size and count of a header section, as the limits count them. */
export interface HeaderMeasure {
  /** Header fields, with each cookie of a `Cookie` header counted on its own. */
  readonly count: number;
  /** Bytes on the wire: `name: value\r\n` for every field. */
  readonly bytes: number;
}

/** The limits a header section must stay within. */
export interface HeaderLimits {
  readonly maxHeaderBytes: number;
  readonly maxHeaderCount: number;
}

/** Header fields as flat `[name, value, name, value, …]`, the shape of Node's `rawHeaders`. */
export type RawHeaders = readonly string[];

function cookiesIn(value: string): number {
  return value.split(';').filter((part) => part.trim() !== '').length;
}

/**
 * Measures a header section. Twilio counts "headers and cookies" together: a request's `Cookie`
 * field counts once per cookie it carries; a response sets one cookie per `Set-Cookie` field, so
 * each counts once like any header.
 */
export function measureHeaders(raw: RawHeaders): HeaderMeasure {
  let count = 0;
  let bytes = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    count += name.toLowerCase() === 'cookie' ? Math.max(1, cookiesIn(value)) : 1;
    // Node hands header bytes over as latin1 text: one character per byte on the wire.
    bytes += Buffer.byteLength(name, 'latin1') + Buffer.byteLength(value, 'latin1') + 4;
  }
  return { count, bytes };
}

/** True when the section is over either limit. */
export function exceedsHeaderLimits(measure: HeaderMeasure, limits: HeaderLimits): boolean {
  return measure.count > limits.maxHeaderCount || measure.bytes > limits.maxHeaderBytes;
}
