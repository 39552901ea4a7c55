// The bytes of a snapshot file as text: UTF-8 (with or without a BOM, as editors and PowerShell write it) or
// UTF-16 with a BOM (PowerShell's `>`), decoded; anything else refused with a line that says what it is.
import { isUtf8 } from 'node:buffer';
import { UsageError } from '../errors.js';

export function decodeText(where: string, bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return stripBom(bytes.subarray(2).toString('utf16le'));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return stripBom(Buffer.from(bytes.subarray(2)).swap16().toString('utf16le'));
  if (bytes.length % 2 === 0 && bytes.length >= 2 && (bytes[0] === 0) !== (bytes[1] === 0) && looksUtf16(bytes)) {
    throw new UsageError(`${where}: UTF-16 text without a byte-order mark; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)`);
  }
  if (bytes.includes(0)) throw new UsageError(`${where}: not a text file (binary content); a snapshot holds YAML, JSON and log files`);
  if (!isUtf8(bytes)) throw new UsageError(`${where}: not UTF-8 text; save it as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)`);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

/** Logs are kept as read: a container may print bytes that are not UTF-8, and that is no reason to refuse a bundle. */
export function decodeLog(bytes: Buffer): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** ASCII text in UTF-16 has a zero in every other byte, all on the same side. */
function looksUtf16(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 512) & ~1;
  const side = bytes[0] === 0 ? 0 : 1;
  for (let i = 0; i < n; i += 2) if (bytes[i + side] !== 0) return false;
  return true;
}
