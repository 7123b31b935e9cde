#!/usr/bin/env node
// `npm run bench:gen`: a synthetic workspace of a large company for `npm run bench`, deterministic from --seed and
// the sizes. Source files in nested project folders (some with @cx annotations), components with a realistic mix
// of patterns (anchored directories, `**`, globs, `*.ext`, negations), journeys with steps and metrics, feedback
// JSONL (~350 bytes a record), the tags log, metric CSVs, and the CODEOWNERS equivalent of the components' patterns
// (for comparing the matcher with CODEOWNERS libraries).
//
//   node scripts/bench-gen.mjs [--size small|full] [--seed 1] [--out .bench/<size>]
//                              [--files N] [--components N] [--journeys N] [--feedback N] [--tags N]
import { mkdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { prng } from './lib/prng.mjs';

const SIZES = {
  full: { files: 100_000, components: 2_000, journeys: 300, feedback: 1_000_000, tags: 50_000 },
  small: { files: 3_000, components: 120, journeys: 30, feedback: 10_000, tags: 1_000 },
};

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    files: { type: 'string' },
    components: { type: 'string' },
    journeys: { type: 'string' },
    feedback: { type: 'string' },
    tags: { type: 'string' },
  },
});
const base = SIZES[values.size];
if (!base) throw new Error(`--size must be small or full, not '${values.size}'`);
const sizes = { ...base };
for (const k of Object.keys(sizes)) if (values[k] !== undefined) sizes[k] = Number(values[k]);
const out = path.resolve(values.out ?? `.bench/${values.size}`);

const rand = prng(Number(values.seed) * 2654435761);
const int = (n) => Math.floor(rand() * n);
const pick = (list) => list[int(list.length)];
const chance = (p) => rand() < p;

const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// ---- journeys ----------------------------------------------------------------------------------------------------
const AREAS = ['onboarding', 'search', 'checkout', 'delivery', 'returns', 'billing', 'account', 'support', 'catalog', 'partner'];
const VERBS = ['start', 'browse', 'choose', 'confirm', 'pay', 'track', 'cancel', 'review', 'invite', 'export', 'verify', 'share'];
const journeys = [];
for (let i = 0; i < sizes.journeys; i++) {
  const area = AREAS[i % AREAS.length];
  const id = `${area}-${i}`;
  const steps = [];
  const nSteps = 3 + int(6);
  for (let s = 0; s < nSteps; s++) steps.push({ id: `${VERBS[(i + s) % VERBS.length]}-${s}`, name: `${VERBS[(i + s) % VERBS.length]} ${s}` });
  const metrics = [];
  const nMetrics = int(4);
  for (let m = 0; m < nMetrics; m++) {
    metrics.push({ id: `m${m}`, name: `Metric ${m}`, unit: '%', target: 50 + int(40), better: chance(0.8) ? 'higher' : 'lower', step: chance(0.5) ? steps[int(steps.length)].id : undefined });
  }
  journeys.push({ id, area, name: `${area} journey ${i}`, steps, metrics });
}
const refs = journeys.flatMap((j) => [j.id, ...j.steps.map((s) => `${j.id}/${s.id}`)]);
const stepRefs = journeys.flatMap((j) => j.steps.map((s) => `${j.id}/${s.id}`));
mkdirSync(path.join(out, '.cx/journeys'), { recursive: true });
for (const area of AREAS) {
  let y = `# Synthetic journeys of the ${area} area.\njourneys:\n`;
  for (const j of journeys.filter((x) => x.area === area)) {
    y += `  - id: ${j.id}\n    name: ${j.name}\n    outcome: Customers get ${j.name} done on the first try.\n    owner: "@corp/${area}"\n    steps:\n`;
    for (const s of j.steps) y += `      - id: ${s.id}\n        name: ${s.name}\n        outcome: The ${s.name} step works.\n`;
    if (j.metrics.length) {
      y += '    metrics:\n';
      for (const m of j.metrics) {
        y += `      - id: ${m.id}\n        name: ${m.name}\n        unit: "%"\n        target: ${m.target}\n        better: ${m.better}\n`;
        if (m.step) y += `        step: ${m.step}\n`;
      }
    }
  }
  writeFileSync(path.join(out, `.cx/journeys/${area}.yaml`), y);
}

// ---- source tree -------------------------------------------------------------------------------------------------
// One project a component, roughly; files spread over its nested folders.
const TOPS = [['services', 0.4], ['apps', 0.2], ['libs', 0.2], ['packages', 0.1], ['tools', 0.05], ['infra', 0.05]];
const NAMES = ['billing', 'cart', 'auth', 'search', 'orders', 'ledger', 'mail', 'media', 'geo', 'risk', 'ads', 'chat', 'feeds', 'graph', 'pay', 'ship'];
const SUBDIRS = ['src', 'src/api', 'src/core', 'src/core/model', 'src/handlers', 'src/generated', 'test', 'test/fixtures', 'migrations', 'docs', 'proto'];
const EXTS = ['ts', 'ts', 'ts', 'tsx', 'py', 'go', 'sql', 'proto', 'md', 'java'];
const projects = [];
for (let i = 0; i < sizes.components; i++) {
  let r = rand();
  let top = TOPS[0][0];
  for (const [t, p] of TOPS) {
    if ((r -= p) < 0) {
      top = t;
      break;
    }
  }
  projects.push({ top, dir: `${top}/${pick(NAMES)}-${i}` });
}
const files = [];
const perProject = Math.max(1, Math.floor(sizes.files / projects.length));
let annotated = 0;
for (let p = 0; p < projects.length; p++) {
  const n = p === projects.length - 1 ? sizes.files - files.length : perProject;
  for (let k = 0; k < n; k++) {
    const sub = SUBDIRS[int(SUBDIRS.length)];
    const ext = sub === 'migrations' ? 'sql' : sub === 'proto' ? 'proto' : sub === 'docs' ? 'md' : EXTS[int(EXTS.length)];
    const deep = chance(0.3) ? `/m${int(8)}` : '';
    files.push(`${projects[p].dir}/${sub}${deep}/f${k}.${ext}`);
  }
}
const madeDirs = new Set();
for (const f of files) {
  const dir = path.dirname(f);
  if (!madeDirs.has(dir)) {
    mkdirSync(path.join(out, dir), { recursive: true });
    madeDirs.add(dir);
  }
  let text = `// ${f}\nexport const x = 1;\n`;
  if (chance(0.05)) {
    text = `// @cx ${pick(stepRefs)}\n${text}`;
    annotated++;
  }
  writeFileSync(path.join(out, f), text);
}

// ---- components --------------------------------------------------------------------------------------------------
// The patterns of each component, and CODEOWNERS lines equivalent to the positive ones (negations have no
// CODEOWNERS form). Kinds, by share: anchored directory; `**` with a negated test folder; globs in a directory;
// a directory plus a negated generated folder; an unanchored folder name; an extension anywhere.
const components = [];
const codeowners = [];
for (let i = 0; i < projects.length; i++) {
  const d = projects[i].dir;
  const r = rand();
  let paths;
  if (r < 0.4) paths = [`/${d}/`];
  else if (r < 0.6) paths = [`/${d}/**`, `!/${d}/test/`];
  else if (r < 0.75) paths = [`/${d}/src/*.ts`, `/${d}/src/core/`, `/${d}/docs/*.md`];
  else if (r < 0.9) paths = [`/${d}/src/`, `!/${d}/src/generated/**`, `/${d}/proto/`];
  else if (r < 0.97) paths = [`**/${d.split("/")[1]}/migrations/`];
  else paths = [`*.${pick(['proto', 'sql', 'md'])}`, `!/${d}/`];
  const journeysOf = [];
  for (let k = 1 + int(3); k > 0; k--) journeysOf.push(chance(0.3) ? pick(journeys).id : pick(stepRefs));
  components.push({ id: `c${i}-${d.split('/')[1]}`, top: projects[i].top, owner: `@corp/team-${i % 97}`, paths, journeys: [...new Set(journeysOf)] });
}
mkdirSync(path.join(out, '.cx/components'), { recursive: true });
for (const [top] of TOPS) {
  let y = `# Synthetic components under ${top}/.\ncomponents:\n`;
  for (const c of components.filter((x) => x.top === top)) {
    y += `  - id: ${c.id}\n    name: Component ${c.id}\n    owner: "${c.owner}"\n    paths:\n`;
    for (const p of c.paths) y += `      - "${p}"\n`;
    y += `    journeys: [${c.journeys.join(', ')}]\n`;
  }
  writeFileSync(path.join(out, `.cx/components/${top}.yaml`), y);
}
// Components in file order (the index combines .cx/ files by path), for the CODEOWNERS and the answers.
const ordered = [...TOPS].map(([t]) => t).sort().flatMap((top) => components.filter((c) => c.top === top));
for (const c of ordered) for (const p of c.paths) if (!p.startsWith('!')) codeowners.push(`${p} @corp/${c.id}`);
mkdirSync(path.join(out, 'bench'), { recursive: true });
writeFileSync(path.join(out, 'bench/CODEOWNERS'), `${codeowners.join('\n')}\n`);
writeFileSync(path.join(out, '.gitignore'), 'bench/\n');

// ---- feedback ----------------------------------------------------------------------------------------------------
const SOURCES = ['zendesk', 'intercom', 'appstore', 'nps'];
const WORDS = ('the app crashed when I tried to pay with my card again and the promo code was not applied so I gave up ' +
  'delivery arrived late but support was kind refund took three weeks search finds nothing useful for my query ' +
  'love the new checkout it is fast and clear please add dark mode and export to csv invoice totals are wrong').split(' ');
const sentence = (n) => {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[int(WORDS.length)]);
  return w.join(' ');
};
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 30);
const MONTHS = 24;
const ids = [];
const streams = new Map();
let feedbackBytes = 0;
mkdirSync(path.join(out, '.cx/feedback'), { recursive: true });
const streamOf = (source, date) => {
  const key = `${source}/${date.slice(0, 7)}.jsonl`;
  let s = streams.get(key);
  if (!s) {
    mkdirSync(path.join(out, '.cx/feedback', source), { recursive: true });
    s = { fd: openSync(path.join(out, '.cx/feedback', key), 'w'), buf: [] , size: 0 };
    streams.set(key, s);
  }
  return s;
};
const flush = (s) => {
  if (!s.buf.length) return;
  const text = s.buf.join('');
  writeSync(s.fd, text);
  feedbackBytes += Buffer.byteLength(text);
  s.buf = [];
  s.size = 0;
};
for (let i = 0; i < sizes.feedback; i++) {
  const source = SOURCES[i % SOURCES.length];
  const id = `${source.slice(0, 2).toUpperCase()}-${100000 + i}`;
  ids.push(id);
  const t = END - int(MONTHS * 30) * DAY - int(DAY);
  const date = new Date(t).toISOString().slice(0, 19) + 'Z';
  const rec = { id, date, source, title: sentence(3 + int(4)), text: sentence(20 + int(26)) };
  if (source === 'nps') rec.score = { type: 'nps', value: int(11) };
  else if (chance(0.4)) rec.score = { type: 'csat', value: 1 + int(5) };
  if (chance(0.6)) rec.sentiment = pick(['positive', 'neutral', 'negative', 'negative']);
  rec.segment = pick(['free', 'pro', 'enterprise']);
  if (source !== 'nps') rec.url = `https://${source}.corp.example/t/${100000 + i}`;
  if (chance(0.3)) {
    const links = [];
    for (let k = 1 + int(2); k > 0; k--) {
      const r = rand();
      if (r < 0.5) links.push({ journey: pick(refs) });
      else if (r < 0.8) links.push({ component: pick(components).id });
      else {
        const f = pick(files);
        links.push(chance(0.5) ? { path: f, lines: [1, 2] } : { path: f });
      }
    }
    rec.links = links;
  }
  const s = streamOf(source, date);
  s.buf.push(`${JSON.stringify(rec)}\n`);
  if (++s.size >= 2000) flush(s);
}
for (const s of streams.values()) {
  flush(s);
  closeSync(s.fd);
}

// ---- tags log ----------------------------------------------------------------------------------------------------
const tagLines = [];
const added = [];
for (let i = 0; i < sizes.tags; i++) {
  const at = new Date(END - (sizes.tags - i) * 60_000).toISOString().slice(0, 19) + 'Z';
  if (added.length && chance(0.1)) {
    const [feedback, ref] = added[int(added.length)];
    tagLines.push(JSON.stringify({ op: 'remove', feedback, ref, by: 'ana@corp.example', at }));
    continue;
  }
  const feedback = ids[int(ids.length)];
  const ref = chance(0.6) ? { journey: pick(refs) } : { component: pick(components).id };
  added.push([feedback, ref]);
  tagLines.push(JSON.stringify({ op: 'add', feedback, ref, by: 'ana@corp.example', at }));
}
writeFileSync(path.join(out, '.cx/tags.jsonl'), `${tagLines.join('\n')}\n`);

// ---- metrics -----------------------------------------------------------------------------------------------------
mkdirSync(path.join(out, '.cx/metrics'), { recursive: true });
for (const area of AREAS) {
  let csv = 'metric,date,value\n';
  for (const j of journeys.filter((x) => x.area === area)) {
    for (const m of j.metrics) {
      for (let w = 52; w > 0; w--) csv += `${j.id}.${m.id},${new Date(END - w * 7 * DAY).toISOString().slice(0, 10)},${(40 + int(600) / 10).toFixed(1)}\n`;
    }
  }
  writeFileSync(path.join(out, `.cx/metrics/${area}.csv`), csv);
}

const manifest = { seed: Number(values.seed), size: values.size, sizes, annotated, feedbackFiles: streams.size, feedbackBytes, codeownersLines: codeowners.length };
writeFileSync(path.join(out, 'bench/manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`bench:gen: ${out}: ${files.length} files (${annotated} annotated), ${components.length} components, ${journeys.length} journeys, ` +
  `${sizes.feedback} feedback records (${(feedbackBytes / 1e6).toFixed(0)} MB in ${streams.size} files), ${sizes.tags} tags in ${((Date.now() - started) / 1000).toFixed(1)} s`);
