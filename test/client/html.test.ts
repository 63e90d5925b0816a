// The trace panel's HTML shell: a strict CSP with a fresh nonce, our two assets, and never any data.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPreviewHtml, createNonce, escapeAttribute } from '../../client/src/preview/html';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.css',
  nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q',
};

test('the CSP allows only our stylesheet origin and the nonce-carrying script', () => {
  const html = buildPreviewHtml(input);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.equal(csp, `default-src 'none'; style-src ${input.cspSource}; script-src 'nonce-${input.nonce}';`);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], new RegExp(`nonce="${input.nonce}"`));
  assert.match(
    scripts[0][1],
    /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/main\.js"/,
  );
  assert.equal(scripts[0][2], '', 'no inline script');
  assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/webview\/main\.css">/);
  assert.doesNotMatch(html, /<style|\sstyle="|\son[a-z]+=/i, 'no inline style or handlers');
});

test('the page carries no data: its body is the script tag alone', () => {
  const body = /<body>([\s\S]*)<\/body>/.exec(buildPreviewHtml(input))?.[1].trim();
  assert.match(body ?? '', /^<script [^>]*><\/script>$/);
});

test('attribute values are escaped, so a strange folder name cannot break out of the attribute', () => {
  assert.equal(escapeAttribute(`a"b'c<d>&e`), `a&quot;b'c&lt;d&gt;&amp;e`);
  const html = buildPreviewHtml({ ...input, scriptUri: 'https://x/"><img src=x onerror=alert(1)>/main.js' });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /src="https:\/\/x\/&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;\/main\.js"/);
});

test('every panel load gets a fresh, unguessable nonce', () => {
  const nonces = new Set(Array.from({ length: 50 }, createNonce));
  assert.equal(nonces.size, 50);
  for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{22}$/);
});
