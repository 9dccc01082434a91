/**
 * The console page's style sheet (one inline <style>, allowed by its SHA-256 in the page's Content-Security-Policy).
 * Written as String.raw so that backslashes reach the browser as written. No url(), no @import: nothing is fetched.
 */
export const STYLE = String.raw`
:root{--fg:#1d1d1f;--muted:#5a6068;--bg:#f5f6f8;--card:#fff;--line:#d6d9de;--accent:#0b57d0;--ok:#1b6e2e;--warn:#8a5100;--bad:#b3261e;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font-size:15px;line-height:1.45}
.skip{position:absolute;left:-9999px}
.skip:focus{left:8px;top:8px;background:#fff;color:#000;padding:4px 8px;z-index:9}
header.top{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between;padding:10px 16px;background:#10243e;color:#fff}
header.top h1{font-size:1.15rem;margin:0}
header.top h1 span{font-weight:400;opacity:.8}
#session{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;font-size:.9rem}
#session button{background:#fff;color:#10243e;border-color:#fff}
#session button[aria-pressed=false]{background:transparent;color:#fff}
main{padding:12px 16px;max-width:1600px;margin:0 auto}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:0 0 14px;min-width:0}
h2{font-size:1.1rem;margin:0 0 8px}
h3{font-size:1rem;margin:16px 0 6px}
h2 small,h3 small{font-weight:400;color:var(--muted);font-size:.85rem}
button{font:inherit;font-size:.9rem;padding:5px 12px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:6px;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
button.danger.armed{background:var(--bad);color:#fff}
button.link{background:none;border:0;padding:0;color:var(--accent);text-decoration:underline;font-weight:600;text-align:left}
button:disabled{opacity:.5;cursor:default}
input,select,textarea{font:inherit;font-size:.9rem;padding:4px 6px;border:1px solid #80868f;border-radius:5px;background:#fff;color:inherit;max-width:100%}
textarea{width:100%;min-height:3.2em}
:focus-visible{outline:3px solid #e37400;outline-offset:2px}
label{font-size:.82rem;color:var(--muted)}
.field{display:inline-flex;flex-direction:column;gap:2px;min-width:0}
label.check{display:inline-flex;align-items:center;gap:6px;color:var(--fg);font-size:.9rem}
fieldset{border:0;padding:0;margin:0 0 8px;display:flex;flex-wrap:wrap;gap:6px 16px}
legend{font-size:.82rem;color:var(--muted);padding:0;margin-bottom:4px}
.row{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:8px 0}
.grow{flex:1 1 240px}
form>.field.grow{display:flex;margin:6px 0}
.grow input,.grow textarea{width:100%}
.field input[type=file]{max-width:16em}
#updated{opacity:.85}
.msg{font-size:.85rem;color:var(--bad);margin:4px 0;min-height:0}
[role=tablist]{display:flex;flex-wrap:wrap;gap:2px;margin:0 0 12px;border-bottom:2px solid var(--line)}
[role=tab]{background:transparent;color:var(--fg);border:0;border-bottom:3px solid transparent;border-radius:0;padding:8px 12px;margin-bottom:-2px}
[role=tab][aria-selected=true]{border-bottom-color:var(--accent);color:var(--accent);font-weight:600}
.layout{display:grid;grid-template-columns:minmax(0,1fr);gap:14px}
@media (min-width:1100px){.layout{grid-template-columns:minmax(0,1fr) 380px}
#response-panel{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);overflow:auto}}
.tw{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.86rem}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
td code{overflow-wrap:anywhere}
td.status{white-space:nowrap}
tbody td:first-child{min-width:10em}
button,.badge{white-space:nowrap}
th{font-weight:600;color:var(--muted);white-space:nowrap}
tr.sel{background:#e8f0fe}
tr.invalid{background:#fdecea}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82rem}
pre:empty{display:none}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f1f3f4;padding:8px;border-radius:6px;margin:6px 0;max-height:360px;overflow:auto}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#e8eaed;font-weight:600;font-size:.78rem}
.s-available,.s-analyzed,.s-ready,.s-completed{background:#d4eedb;color:#0d5520}
.s-training,.s-upgrading,.s-being_processed,.s-pending,.s-processing,.s-waiting{background:#fff0c2;color:#5c3d00}
.s-failed,.s-undetermined{background:#fbd9d6;color:#8c1d18}
.badge.fault{background:#fbd9d6;color:#8c1d18}
.err{color:var(--bad)}
.muted{color:var(--muted)}
.st2{color:var(--ok)}.st4{color:var(--warn)}.st5,.st0{color:var(--bad)}
#response-status{font-size:1.1rem}
progress{width:64px;vertical-align:middle;margin:0 2px 0 6px}
.empty{color:var(--muted);font-style:italic;margin:4px 0}
.alert{background:#fdecea;color:#8c1d18;border:1px solid #f3b8b3;border-radius:6px;padding:6px 10px}
#response-log{padding-left:1.2em;margin:4px 0;font-size:.82rem}
.chart svg{width:100%;height:auto;max-height:200px;display:block}
svg .c2{fill:#2e7d32}svg .c4{fill:#f2a600}svg .c5{fill:#c62828}svg .ax{stroke:#9aa0a6;stroke-width:1}svg text{font-size:11px;fill:#5a6068}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:4px 0;font-size:.85rem}
.legend i{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
.legend .c2{background:#2e7d32}.legend .c4{background:#f2a600}.legend .c5{background:#c62828}
@media (max-width:640px){
main{padding:8px}
.card{padding:10px}
table.cards thead{position:absolute;left:-9999px}
table.cards tr{display:block;border-bottom:2px solid var(--line);padding:4px 0}
table.cards td,table.cards tbody td:first-child{min-width:0;white-space:normal}
table.cards td{display:grid;grid-template-columns:7.5em minmax(0,1fr);gap:8px;border:0;padding:2px 4px}
table.cards td::before{content:attr(data-label);font-weight:600;color:var(--muted)}
}
`;
