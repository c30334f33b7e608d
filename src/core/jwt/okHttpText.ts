/**
 * A key set's bytes as text, the way Harness's HTTP client (OkHttp's `ResponseBody.string()`)
 * makes them: a byte-order mark decides the charset (UTF-8, UTF-16 BE/LE, UTF-32 BE/LE) and is
 * dropped; otherwise the `charset` of the Content-Type, when the JVM knows it; otherwise UTF-8.
 * A set saved as "Unicode" by a Windows editor is read, not refused.
 *
 * The BOM is given back as U+FEFF at the start of the text, so the key-set parser can say that one
 * was there (Harness dropped it silently).
 */

const BOMS: { bytes: number[]; charset: Charset }[] = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], charset: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], charset: 'utf-32le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
];

type Charset = 'utf-8' | 'utf-16be' | 'utf-16le' | 'utf-32be' | 'utf-32le' | 'latin1' | 'ascii';

/** Content-Type charsets the JVM knows, by the names people write; Java's "UTF-16" reads big-endian without a BOM. */
const NAMED: Record<string, Charset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16be',
  'utf-16be': 'utf-16be',
  'utf-16le': 'utf-16le',
  'utf-32': 'utf-32be',
  'utf-32be': 'utf-32be',
  'utf-32le': 'utf-32le',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'iso8859-1': 'latin1',
  'us-ascii': 'ascii',
  ascii: 'ascii',
};

function charsetOf(contentType: string | undefined): Charset {
  const name = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  return (name !== undefined ? NAMED[name] : undefined) ?? 'utf-8';
}

function utf32(bytes: Buffer, littleEndian: boolean): string {
  let out = '';
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const cp = littleEndian ? bytes.readUInt32LE(i) : bytes.readUInt32BE(i);
    out += cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
  }
  return out;
}

function decode(bytes: Buffer, charset: Charset): string {
  switch (charset) {
    case 'utf-8':
      return bytes.toString('utf8');
    case 'utf-16le':
      return bytes.toString('utf16le');
    case 'utf-16be': {
      const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
      return swapped.swap16().toString('utf16le');
    }
    case 'utf-32le':
      return utf32(bytes, true);
    case 'utf-32be':
      return utf32(bytes, false);
    case 'latin1':
      return bytes.toString('latin1');
    case 'ascii':
      // Java replaces bytes above 0x7F; Node's 'ascii' would strip the high bit instead.
      return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
  }
}

export function okHttpText(bytes: Buffer, contentType: string | undefined): string {
  for (const bom of BOMS) {
    if (bytes.length >= bom.bytes.length && bom.bytes.every((b, i) => bytes[i] === b)) {
      return `\ufeff${decode(bytes.subarray(bom.bytes.length), bom.charset)}`;
    }
  }
  return decode(bytes, charsetOf(contentType));
}
