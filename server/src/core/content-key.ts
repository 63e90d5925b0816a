// Cache keys from content: a fixed-size digest, so a cache holds no second copy of the source text.
import { createHash } from 'node:crypto';

/** A 20-byte digest of `text` (hex) prefixed by what it is for; equal texts give equal keys. */
export function contentKey(kind: string, text: string): string {
  return `${kind}:${createHash('sha1').update(text).digest('hex')}`;
}
