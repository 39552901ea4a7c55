// The fixed parts of the HTML report: its style and its one script (filters, copy buttons), and the
// Content-Security-Policy that allows exactly these two by hash and nothing from the network.
import { createHash } from 'node:crypto';

export const CSS = `*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5rem auto;max-width:1100px;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1.05rem;margin:.3rem 0}
.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}code,pre{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}pre{background:#f6f8fa;padding:.6rem;overflow:auto;white-space:pre-wrap;margin:.3rem 0}
.badge{font-weight:600;white-space:nowrap;border-radius:4px;padding:0 .35rem;color:#fff}.badge.pass{background:#1a7f37}.badge.warn{background:#9a6700}.badge.fail{background:#cf222e}.badge.skip{background:#57606a}.badge.error{background:#8250df}
.count.fail{color:#cf222e}.count.warn{color:#9a6700}.count.error{color:#8250df}.count.pass{color:#1a7f37}
.problem{border:1px solid #d0d7de;border-left-width:4px;border-radius:4px;padding:.4rem 1rem;margin:1rem 0}.problem[data-status=fail]{border-left-color:#cf222e}.problem[data-status=warn]{border-left-color:#bf8700}.problem[data-status=error]{border-left-color:#8250df}
.cmd{display:flex;gap:.4rem;align-items:flex-start}.cmd pre{flex:1;min-width:0}button{font:inherit;cursor:pointer;border:1px solid #d0d7de;background:#f6f8fa;border-radius:4px;padding:.2rem .5rem}
.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center;background:#f6f8fa;padding:.5rem;border-radius:4px}.muted{color:#57606a}[hidden]{display:none!important}
details{margin:.4rem 0}summary{cursor:pointer}`;

// Filters hide rows and cards whose data-area/data-status are not chosen; copy buttons copy their data-copy.
export const SCRIPT = `(function(){
var area=document.getElementById('f-area'),status=document.getElementById('f-status');
function apply(){var a=area?area.value:'',s=status?status.value:'';
document.querySelectorAll('[data-area]').forEach(function(el){var ok=(!a||el.getAttribute('data-area')===a)&&(!s||el.getAttribute('data-status')===s);el.hidden=!ok;});}
if(area)area.addEventListener('change',apply);if(status)status.addEventListener('change',apply);
function fallback(text){var t=document.createElement('textarea');t.value=text;document.body.appendChild(t);t.select();try{document.execCommand('copy');}finally{t.remove();}}
document.querySelectorAll('button[data-copy]').forEach(function(b){b.addEventListener('click',function(){
var text=b.getAttribute('data-copy');var done=function(){b.textContent='copied';setTimeout(function(){b.textContent='copy';},1500);};
if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(text).then(done,function(){fallback(text);done();});}else{fallback(text);done();}});});
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing may be fetched (default-src 'none'): the style and the script run only because their hashes match. */
export const CSP = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
