// The buffers of recv(n) and recvfrom(n), taken when the call is attempted,
// not when it is made: a call that waits for data holds no n-byte buffer
// (10,000 idle connections with a recv(4096) pending would hold 40 MiB).
// An attempt that found no data gives its buffer back; one such buffer is
// kept for the next attempt of the same size, on any socket, so a first
// attempt that finds EAGAIN costs no allocation either.

// The largest buffer kept between attempts: larger ones are rare, and
// keeping one would hold its memory for as long as no other call takes it.
const KEEP_MAX = 65536;

let spare: Buffer | null = null;

/** A buffer of `size` bytes for one attempt (contents undefined). */
export function takeBuffer(size: number): Buffer {
  const s = spare;
  if (s !== null && s.length === size) {
    spare = null;
    return s;
  }
  return Buffer.allocUnsafe(size);
}

/** Gives back the buffer of an attempt that received nothing. */
export function giveBack(buf: Buffer): void {
  if (buf.length <= KEEP_MAX) spare = buf;
}
