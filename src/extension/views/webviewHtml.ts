/**
 * The HTML shell of a webview: a strict CSP (nothing but the extension's own files and one nonce'd script), the
 * stylesheets and the script. Pure, so a unit test checks the policy. No data goes in here: the script asks the
 * host for it once it runs.
 */
import * as crypto from 'node:crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  title: string;
  /** `webview.asWebviewUri` of the script and stylesheets, as strings. */
  script: string;
  styles: readonly string[];
  /** Set when the codicon stylesheet is among `styles`: the body then uses codicons rather than stand-ins. */
  codicons?: boolean;
}

/** A fresh nonce for each HTML: 16 random bytes, base64. */
export function makeNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of every webview of the extension (SPEC §6). */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function webviewHtml(o: WebviewHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.styles.map((s) => `<link rel="stylesheet" href="${attr(s)}">`).join('\n')}
<title>${attr(o.title)}</title>
</head>
<body${o.codicons ? ' class="codicons"' : ''}>
<main id="app"></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.script)}"></script>
</body>
</html>`;
}
