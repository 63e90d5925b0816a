// The trace panel's HTML shell: CSP with a per-load nonce, the script and stylesheet, and no data at all.
import { randomBytes } from 'node:crypto';

export interface PreviewHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/main.js and main.css, as strings. */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

/** 128 random bits, base64 without padding: unguessable by content the page might display. */
export function createNonce(): string {
  return randomBytes(16).toString('base64').replace(/=+$/, '');
}

/** Everything dynamic reaches the page by postMessage; the HTML only loads the script and the style. */
export function buildPreviewHtml({ cspSource, scriptUri, styleUri, nonce }: PreviewHtmlInput): string {
  const csp = `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>Livepatch callback trace</title>
</head>
<body>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  '<': '&lt;',
  '>': '&gt;',
};

/**
 * For double-quoted attributes (the CSP's single quotes stay as they are). URIs come from the
 * editor, but a folder name may still hold a quote or an ampersand.
 */
export function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}
