/**
 * The coverage report as plain text and as Markdown: `cx coverage`, the editor's coverage document and export.
 * The Markdown is meant for a pull-request comment: compact, every list capped, at most about 60 lines however
 * large the repository.
 */
import type { CoverageReport } from './coverage';
import { lastDay, pct } from './text';

/** Items of a Markdown list shown before "and N more". */
const MD_LIST = 8;
/** Rows of a Markdown table shown before "and N more". */
const MD_ROWS = 8;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `generated 2026-11-20 09:14 UTC · feedback window 30 days to 2026-11-19 · filter: owner @acme/payments`. */
export function coverageHeader(c: CoverageReport): string {
  const parts = [
    `generated ${c.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    `feedback window ${plural(c.window.days, 'day')} to ${lastDay(c.window.to)}`,
  ];
  const f = c.filter;
  if (f && (f.journey || f.owner || f.folder)) {
    parts.push(`filter: ${[f.journey && `journey ${f.journey}`, f.owner && `owner ${f.owner}`, f.folder && `folder ${f.folder}/`].filter(Boolean).join(', ')}`);
  }
  return parts.join(' · ');
}

export function formatCoverageText(c: CoverageReport): string {
  const out = [
    `Customer Context coverage · ${coverageHeader(c)}`,
    '',
    `files linked to a journey: ${c.files.linked}/${c.files.total} (${pct(c.files.share, 1)})`,
    `lines linked to a journey: ${c.lines.linked}/${c.lines.total} (${pct(c.lines.share, 1)})`,
    `feedback tagged: ${c.feedback.tagged}/${c.feedback.total} (${pct(c.feedback.share, 1)})`,
  ];
  const ch = c.changes;
  if (ch) {
    out.push('', `changed since ${ch.since}: ${plural(ch.files.length, 'source file')}${ch.other.length ? ` (and ${plural(ch.other.length, 'other path')})` : ''}`);
    out.push(`  journeys touched:${ch.journeys.length ? '' : ' none'}`, ...ch.journeys.map((j) => `    ${j.ref} (${j.name}): ${j.files.join(', ')}`));
    out.push(`  changed files with no journey:${ch.withoutJourney.length ? '' : ' none'}`, ...ch.withoutJourney.map((p) => `    ${p}`));
    if (ch.other.length) out.push('  other changed paths (deleted, not source, .cx/ data):', ...ch.other.map((p) => `    ${p}`));
  }
  out.push(
    '',
    'journeys:',
    ...c.journeys.map((j) => `  ${j.ref.padEnd(24)} ${plural(j.files, 'file').padStart(10)}  ${String(j.feedback).padStart(5)} feedback  ${pct(j.negativeShare).padStart(4)} negative`),
  );
  const section = (title: string, rows: string[]) => out.push('', `${title}:${rows.length ? '' : ' none'}`, ...rows.map((r) => `  ${r}`));
  section('journeys × components', c.matrix.cells.map((x) => `${`${x.journey} × ${x.component}`.padEnd(36)} ${plural(x.files, 'file').padStart(9)}  ${String(x.feedback).padStart(5)} feedback (${x.negative} negative)`));
  section('owners', c.owners.map((o) => `${o.owner.padEnd(24)} ${o.linkedFiles}/${o.files} files linked (${pct(o.share, 1)}), ${o.linkedLines}/${o.lines} lines · ${o.components.join(', ')}`));
  section('journeys and steps with no code', c.journeysWithoutCode.map((j) => `${j.ref} (${j.name})`));
  section('components with no journey', c.componentsWithoutJourney.map((x) => `${x.id} (${plural(x.files, 'file')}${x.owner ? `, ${x.owner}` : ''})`));
  section('files with negative feedback and no journey', c.negativeFilesWithoutJourney.map((f) => `${f.path} (${f.negative} negative of ${f.feedback})`));
  section('unknown references in @cx annotations', c.unknownAnnotations.map((u) => `${u.path}:${u.line}:${u.column}: ${u.ref}${u.suggestions.length ? ` (did you mean ${u.suggestions.join(' or ')}?)` : ''}`));
  return out.join('\n');
}

export function formatCoverageMarkdown(c: CoverageReport): string {
  const out = [
    '## Customer Context coverage',
    '',
    `<sub>${md(coverageHeader(c))}</sub>`,
    '',
    '| | linked | total | share |',
    '| --- | ---: | ---: | ---: |',
    `| files | ${c.files.linked} | ${c.files.total} | ${pct(c.files.share, 1)} |`,
    `| lines | ${c.lines.linked} | ${c.lines.total} | ${pct(c.lines.share, 1)} |`,
    `| feedback tagged | ${c.feedback.tagged} | ${c.feedback.total} | ${pct(c.feedback.share, 1)} |`,
  ];
  const ch = c.changes;
  if (ch) {
    const linked = ch.files.filter((f) => f.refs.length).length;
    out.push(
      '',
      `### Changes since \`${code(ch.since)}\``,
      '',
      `${plural(ch.files.length, 'changed source file')}, ${linked} linked to a journey${ch.other.length ? `; ${plural(ch.other.length, 'other changed path')} (deleted, not source, \`.cx/\` data)` : ''}.`,
      '',
      `- **Journeys touched (${ch.journeys.length}):** ${capped(ch.journeys.map((j) => `\`${code(j.ref)}\` ${md(j.name)} (${plural(j.files.length, 'file')})`))}`,
      `- **Changed files with no journey (${ch.withoutJourney.length}):** ${capped(ch.withoutJourney.map((p) => `\`${code(p)}\``))}`,
    );
    const hurting = ch.files.filter((f) => !f.refs.length && f.negative > 0);
    if (hurting.length) {
      out.push(`- **Changed files with negative feedback and no journey (${hurting.length}):** ${capped(hurting.map((f) => `\`${code(f.path)}\` (${f.negative} negative)`))}`);
    }
  }
  out.push('', '### Journeys', '', '| journey | files | components | feedback | negative |', '| --- | ---: | --- | ---: | ---: |');
  for (const j of c.journeys.slice(0, MD_ROWS)) {
    out.push(`| ${md(j.name)} (\`${code(j.ref)}\`) | ${j.files} | ${capped(j.components.map((x) => `\`${code(x)}\``), 3) || '–'} | ${j.feedback} | ${pct(j.negativeShare)} |`);
  }
  if (c.journeys.length > MD_ROWS) out.push(`| *and ${c.journeys.length - MD_ROWS} more* | | | | |`);
  if (!c.journeys.length) out.push('| *no journeys* | | | | |');

  const gap = (title: string, rows: string[]) => `- **${title} (${rows.length}):** ${rows.length ? capped(rows) : 'none'}`;
  out.push(
    '',
    '### Gaps',
    '',
    gap('Journeys and steps with no code', c.journeysWithoutCode.map((j) => `\`${code(j.ref)}\` ${md(j.name)}`)),
    gap('Components with no journey', c.componentsWithoutJourney.map((x) => `\`${code(x.id)}\` ${md(x.name)} (${plural(x.files, 'file')})`)),
    gap('Files with negative feedback and no journey', c.negativeFilesWithoutJourney.map((f) => `\`${code(f.path)}\` ${f.negative} negative of ${f.feedback}`)),
    gap('Unknown references in `@cx` annotations', c.unknownAnnotations.map((u) => `\`${code(u.ref)}\` at \`${code(`${u.path}:${u.line}`)}\``)),
  );

  if (c.owners.length) {
    out.push('', '### Owners', '', '| owner | files linked | lines linked |', '| --- | ---: | ---: |');
    for (const o of c.owners.slice(0, MD_ROWS)) out.push(`| \`${code(o.owner)}\` | ${o.linkedFiles}/${o.files} (${pct(o.share, 1)}) | ${o.linkedLines}/${o.lines} |`);
    if (c.owners.length > MD_ROWS) out.push(`| *and ${c.owners.length - MD_ROWS} more* | | |`);
  }
  return out.join('\n');
}

/** The first items joined with commas, then "and N more". */
function capped(items: readonly string[], max = MD_LIST): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/** Escapes text from `.cx/` for Markdown tables and lists; `@name` does not mention anyone in a PR comment. */
function md(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|&#!~]/g, (c) => `\\${c}`).replace(/@/g, '@\u200b');
}

/** Text inside a code span: backticks and line breaks cannot be escaped there, so they are replaced; `|` breaks tables. */
function code(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/`/g, "'").replace(/\|/g, '¦');
}
