import { createHash } from 'node:crypto';
import { MARKUP as RAW_MARKUP } from './markup';
import { SCRIPT as RAW_SCRIPT } from './script';
import { STYLE as RAW_STYLE } from './style';

/**
 * The web console (`GET /_emulator/console`): one self-contained page — HTML, one inline <style>, one inline
 * <script> — that signs in with a credential of the service and shows and drives that instance through the public
 * and control APIs. No framework, no build step, nothing fetched from elsewhere. Only functions/getEmulatorConsole.ts
 * imports this folder, so no other function's bundle carries the page.
 */

/**
 * The served form of the script, style and markup: each line without its indentation, without blank lines and
 * whole-line comments (none of the three has a multi-line string or a <pre>/<textarea> with content, where that
 * would matter). The hashes below are of these served texts.
 */
const compact = (text: string) => text.split('\n').map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('// ') && !(line.startsWith('/**') && line.endsWith('*/'))).join('\n');
const SCRIPT = compact(RAW_SCRIPT);
const STYLE = compact(RAW_STYLE);
const MARKUP = compact(RAW_MARKUP);

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The page's Content-Security-Policy: only its own inline script and style run (allowed by their SHA-256 hashes, so
 * no 'unsafe-inline'), requests go to the same origin only, and nothing may frame it or receive its forms.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers the page is answered with (besides its content type). */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Watson STT emulator console</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
${MARKUP}
<script>${SCRIPT}</script>
</body>
</html>
`;
