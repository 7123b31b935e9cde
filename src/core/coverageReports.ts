/**
 * Every format of the coverage report in one place, so `cx coverage --format F --out FILE` and the editor's Export
 * Coverage Report write the same bytes.
 */
import type { CoverageReport } from './coverage';
import { formatCoverageMarkdown, formatCoverageText } from './coverageFormat';
import { formatCoverageCsv } from './coverageReportCsv';
import { formatCoverageHtml } from './coverageReportHtml';
import { formatCoverageJson } from './coverageReportJson';

export const COVERAGE_FORMATS = ['text', 'md', 'json', 'csv', 'html'] as const;
export type CoverageFormat = (typeof COVERAGE_FORMATS)[number];

const FORMATTERS: Record<CoverageFormat, (report: CoverageReport) => string> = {
  text: formatCoverageText,
  md: formatCoverageMarkdown,
  json: formatCoverageJson,
  csv: formatCoverageCsv,
  html: formatCoverageHtml,
};

export function isCoverageFormat(value: unknown): value is CoverageFormat {
  return typeof value === 'string' && (COVERAGE_FORMATS as readonly string[]).includes(value);
}

/** The report in a format, as a file holds it: ending with exactly one line break. */
export function coverageFile(report: CoverageReport, format: CoverageFormat): string {
  const text = FORMATTERS[format](report);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The format a file name asks for by its extension (`.md`, `.json`, `.csv`, `.html`/`.htm`, `.txt`); else undefined. */
export function coverageFormatOfPath(path: string): CoverageFormat | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  if (ext === 'htm') return 'html';
  if (ext === 'txt') return 'text';
  if (ext === 'markdown') return 'md';
  return isCoverageFormat(ext) && ext !== 'text' ? ext : undefined;
}
