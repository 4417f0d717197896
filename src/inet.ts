// Numeric IP addresses as text and as bytes, with the C library's exact
// rules (glibc's inet_pton/inet_ntop), in TypeScript so that addresses
// never cross into native code to be parsed.

/** Dotted-quad IPv4 text as inet_pton(AF_INET) accepts it: exactly four
 *  decimal octets, no leading zeros, no other forms. null if invalid. */
export function parseIPv4(text: string): Uint8Array | null {
  const out = new Uint8Array(4);
  let octet = 0;
  let digits = 0;
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return null; // leading zero
      octet = octet * 10 + (c - 48);
      if (octet > 255) return null;
      digits++;
    } else if (c === 46 /* . */) {
      if (digits === 0 || index === 3) return null;
      out[index++] = octet;
      octet = 0;
      digits = 0;
    } else {
      return null;
    }
  }
  if (digits === 0 || index !== 3) return null;
  out[3] = octet;
  return out;
}

export function formatIPv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** IPv6 text as inet_pton(AF_INET6) accepts it (groups of 1-4 hex digits,
 *  one "::", a trailing dotted quad). No scope: strip "%zone" first. */
export function parseIPv6(text: string): Uint8Array | null {
  const out = new Uint8Array(16);
  let pos = 0; // next byte to write
  let gap = -1; // where "::" stood
  let i = 0;
  if (text.startsWith("::")) {
    gap = 0;
    i = 2;
    if (text.length === 2) return out;
  } else if (text.startsWith(":")) {
    return null;
  }
  while (i < text.length) {
    // One group: hex digits up to ':' or the end, or a dotted quad.
    let value = 0;
    let digits = 0;
    const start = i;
    while (i < text.length && hexValue(text.charCodeAt(i)) >= 0) {
      value = value * 16 + hexValue(text.charCodeAt(i));
      digits++;
      i++;
      if (digits > 4) return null;
    }
    if (i < text.length && text[i] === ".") {
      if (pos > 12) return null;
      const v4 = parseIPv4(text.slice(start));
      if (v4 === null) return null;
      out.set(v4, pos);
      pos += 4;
      i = text.length;
      break;
    }
    if (digits === 0) return null;
    if (pos > 14) return null;
    out[pos++] = value >> 8;
    out[pos++] = value & 0xff;
    if (i === text.length) break;
    if (text[i] !== ":") return null;
    i++;
    if (text[i] === ":") {
      if (gap !== -1) return null;
      gap = pos;
      i++;
      if (i === text.length) break;
    } else if (i === text.length) {
      return null; // a single trailing ':'
    }
  }
  if (gap !== -1) {
    if (pos === 16) return null; // "::" must stand for at least one group
    const tail = out.slice(gap, pos);
    out.fill(0, gap);
    out.set(tail, 16 - tail.length);
  } else if (pos !== 16) {
    return null;
  }
  return out;
}

/** IPv6 bytes as inet_ntop(AF_INET6) prints them (RFC 5952 zero
 *  compression; "::a.b.c.d" and "::ffff:a.b.c.d" for embedded IPv4). */
export function formatIPv6(bytes: Uint8Array, offset = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((bytes[offset + 2 * i]! << 8) | bytes[offset + 2 * i + 1]!);
  // The longest run of zero words (first one on a tie), if at least two.
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let text = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) text += ":";
      continue;
    }
    if (i !== 0) text += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return text + formatIPv4(bytes, offset + 12);
    }
    text += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) text += ":";
  return text;
}
