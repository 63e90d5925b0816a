// Cache keys from content: a fixed-size digest, so a cache holds no second copy of the source text.
//
// Pure TypeScript (no node:crypto) so the same core runs in the web worker build. Two 53-bit
// multiplicative hashes with different seeds plus the length: ~106 bits, ample for cache keys of one
// session (an accidental collision would reuse another function's facts; nothing is executed).

/** A digest of `text` prefixed by what it is for; equal texts give equal keys. */
export function contentKey(kind: string, text: string): string {
  return `${kind}:${text.length.toString(36)}:${hash53(text, 0x9e3779b1)}${hash53(text, 0x85ebca6b)}`;
}

/** A 53-bit string hash (cyrb53's mixing), as 11 base-36 digits. */
function hash53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(36).padStart(11, '0');
}
