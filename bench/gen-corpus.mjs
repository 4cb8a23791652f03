#!/usr/bin/env node
// Generates a deterministic corpus of post files from ../shared/corpus for benchmarks:
//   node bench/gen-corpus.mjs <out-dir> [count=10000]
// Mix: 32% Chinese news (hexo-news-zh), 68% English posts (blog-en). Each article is a
// real post with a varied title, shifted date, varied categories/tags and paragraphs
// spliced in from other real posts of the same language, so bodies are real text and
// the total matches the scale the issue measures (~5.6k characters per article).
// Same arguments, same bytes: a seeded PRNG, no clock, no Math.random.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared/corpus');
const [outDir, countArg] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node bench/gen-corpus.mjs <out-dir> [count]');
  process.exit(2);
}
const count = Number(countArg ?? 10000);

// mulberry32: small, fast, deterministic.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261128);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

function split(text) {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/^\s*\n/, '');
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(t);
  return m ? { head: m[1], body: m[2] } : { head: '', body: t };
}

function field(head, name) {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(head);
  return m ? m[1].trim().replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1') : '';
}

// Blank-line separated blocks, keeping fenced code blocks whole.
function markdownBlocks(body) {
  const blocks = [];
  let cur = [];
  let fenced = false;
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && line.trim() === '') {
      if (cur.length) blocks.push(cur.join('\n'));
      cur = [];
    } else {
      cur.push(line);
    }
  }
  if (cur.length) blocks.push(cur.join('\n'));
  return blocks;
}

function load(folder, lang) {
  return walk(path.join(shared, folder)).map((file) => {
    const { head, body } = split(fs.readFileSync(file, 'utf8'));
    // Paragraph units to splice: HTML paragraphs for the news, blank-line blocks for Markdown
    // (fenced code blocks kept whole so the Markdown stays valid).
    const paras = lang === 'zh'
      ? (body.match(/<p>[\s\S]*?<\/p>/g) ?? [body.trim()]).filter((p) => p.length > 20)
      : markdownBlocks(body).filter((p) => p.trim().length > 40);
    return { lang, head, body, paras, title: field(head, 'title') || path.basename(file, '.md'), author: field(head, 'author') };
  });
}

const zh = load('hexo-news-zh', 'zh');
const en = load('blog-en', 'en');
const zhCats = [['金融', '中证网', '资讯'], ['金融', '财联社', '电报'], ['新媒体', 'cnBeta', '最新'], ['编程', '掘金', '分类'], ['科技', '36氪', '快讯'], ['财经', '新浪', '要闻'], ['社会', '澎湃', '时事']];
const enCats = [['Code'], ['Tools'], ['Design'], ['Personal'], ['Code', 'JavaScript'], ['Code', 'Rust'], ['Tools', 'Popular'], ['Guides', 'Web']];
const zhTags = ['安全', '市场', '债券', '汇率', '期货', '科技', '监管', '基金', '银行', '数据'];
const enTags = ['javascript', 'react', 'node', 'css', 'tutorial', 'git', 'design', 'devops', 'rust', 'testing', 'career'];
const zhWords = ['快讯', '观察', '解读', '追踪', '深度', '速览', '专题', '评论'];
const enWords = ['Revisited', 'in Practice', 'Explained', 'Deep Dive', 'Notes', 'for Beginners', 'Part 2', 'Cheat Sheet'];

const yaml = (s) => `'${String(s).replace(/'/g, "''")}'`;
const start = Date.UTC(2015, 0, 1);
const span = Date.UTC(2026, 10, 1) - start;
fs.mkdirSync(outDir, { recursive: true });
let chars = 0;
for (let i = 0; i < count; i++) {
  const isZh = rand() < 0.32;
  const pool = isZh ? zh : en;
  const base = pool[i % pool.length];
  const title = isZh ? `${base.title}（${pick(zhWords)}${i}）` : `${base.title}: ${pick(enWords)} #${i}`;
  const date = new Date(start + Math.floor(rand() * span));
  const cats = isZh ? pick(zhCats) : pick(enCats);
  const tagPool = isZh ? zhTags : enTags;
  const tags = [...new Set([pick(tagPool), pick(tagPool), pick(tagPool)])].slice(0, 1 + Math.floor(rand() * 3));
  // Its own paragraphs up to a target length (mean ~5.6k characters), topped up with
  // paragraphs spliced in from other posts of the same language when it is short.
  const target = 2600 + rand() * 6000;
  const paras = [];
  let len = 0;
  for (const p of base.paras) {
    if (len >= target) break;
    paras.push(p);
    len += p.length;
  }
  while (len < target) {
    const other = pick(pool);
    const p = pick(other.paras.length ? other.paras : [other.body]);
    paras.splice(Math.floor(rand() * (paras.length + 1)), 0, p);
    len += p.length;
  }
  const body = isZh ? `<div>\n${paras.join('\n')}\n</div>\n` : paras.join('\n\n') + '\n';
  chars += body.length;
  const rfc2822 = date.toUTCString();
  const iso = date.toISOString().slice(0, 10);
  const head = [
    '---',
    `title: ${yaml(title)}`,
    `date: ${isZh ? rfc2822 : iso}`,
    'categories:',
    ...cats.map((c) => ` - ${c}`),
    `tags: [${tags.map(yaml).join(', ')}]`,
    `author: ${yaml(base.author || (isZh ? '编辑部' : 'Staff'))}`,
    '---',
    '',
  ].join('\n');
  const dir = path.join(outDir, isZh ? 'zh' : 'en', String(Math.floor(i / 500)).padStart(2, '0'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}.md`), head + body);
}
console.log(`${count} articles, ${(chars / 1e6).toFixed(1)}M body characters → ${outDir}`);
