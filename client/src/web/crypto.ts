// node:crypto for the web build of the extension: randomBytes (the panel's CSP nonce) from the browser's crypto.getRandomValues.

export function randomBytes(size: number): { toString(encoding: 'base64'): string } {
  const bytes = new Uint8Array(size);
  globalThis.crypto.getRandomValues(bytes);
  return { toString: () => btoa(String.fromCharCode(...bytes)) };
}
