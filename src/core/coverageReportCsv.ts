/**
 * `cx coverage --format csv`: one row per source file (per changed file with `--since`), RFC 4180: CRLF line
 * breaks, a cell quoted when it holds a comma, a quote or a line break, quotes doubled.
 */
import type { CoverageReport } from './coverage';

export const COVERAGE_CSV_COLUMNS = ['path', 'lines', 'linked', 'journeys', 'components', 'feedback', 'negative'] as const;

/** One RFC 4180 cell. */
export function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `linked` is `yes` or `no`; `journeys` and `components` are `;`-separated lists (references and ids never hold a
 * `;`); `feedback` and `negative` count records tagged to the file or its components.
 */
export function formatCoverageCsv(report: CoverageReport): string {
  const files = report.changes ? report.changes.files : report.perFile;
  const rows = [
    COVERAGE_CSV_COLUMNS.join(','),
    ...files.map((f) => [f.path, f.lines, f.refs.length ? 'yes' : 'no', f.refs.join(';'), f.components.join(';'), f.feedback, f.negative].map(csvCell).join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
