// node:url for the web worker build: file: URIs to POSIX paths and back, with the browser's URL.

export function fileURLToPath(uri: string | URL): string {
  const url = typeof uri === 'string' ? new URL(uri) : uri;
  if (url.protocol !== 'file:') throw new TypeError(`The URL must be of scheme file: ${url.href}`);
  return decodeURIComponent(url.pathname);
}

export function pathToFileURL(path: string): URL {
  const url = new URL('file:///');
  // The pathname setter percent-encodes what a URL cannot hold (spaces, '%', '#', '?').
  url.pathname = path.replace(/%/g, '%25').replace(/#/g, '%23').replace(/\?/g, '%3F');
  return url;
}

export default { fileURLToPath, pathToFileURL };
