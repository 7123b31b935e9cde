/** RFC 4180 CSV reading that keeps each cell's position, so a bad value is reported at its line and column. */
import type { Position } from './problems';

export interface CsvCell {
  value: string;
  /** Where the cell starts (its opening quote, if quoted). */
  start: Position;
  /** Where it ends, exclusive. */
  end: Position;
}

export interface CsvRow {
  /** Zero-based line on which the row starts. */
  line: number;
  cells: CsvCell[];
}

export interface CsvSyntaxError {
  position: Position;
  message: string;
}

export interface CsvParse {
  rows: CsvRow[];
  errors: CsvSyntaxError[];
}

/**
 * Splits a CSV text into rows of cells. Quoted cells may hold commas, doubled quotes and line breaks; an
 * unterminated quote is reported where it opened and that line is dropped, so the rows after it still load.
 * Blank lines are skipped; a BOM is ignored; `\r\n` and `\n` both end rows.
 */
export function parseCsv(text: string): CsvParse {
  const rows: CsvRow[] = [];
  const errors: CsvSyntaxError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  let lineStart = i;
  const here = (): Position => ({ line, character: i - lineStart });
  const newline = () => {
    line++;
    lineStart = i;
  };

  while (i < text.length) {
    const rowLine = line;
    const cells: CsvCell[] = [];
    let broken = false;
    for (;;) {
      const start = here();
      let value = '';
      if (text[i] === '"') {
        const open = here();
        const openOffset = i;
        const openLineStart = lineStart;
        i++;
        let closed = false;
        // By runs up to the next quote (a cell can be megabytes long), counting the line breaks in each run.
        while (i < text.length) {
          const quote = text.indexOf('"', i);
          const stop = quote === -1 ? text.length : quote;
          for (let nl = text.indexOf('\n', i); nl !== -1 && nl < stop; nl = text.indexOf('\n', nl + 1)) {
            line++;
            lineStart = nl + 1;
          }
          value += text.slice(i, stop);
          i = stop;
          if (quote === -1) break;
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (!closed) {
          errors.push({ position: open, message: 'unterminated quoted field: a `"` opens here and is never closed' });
          // Resume on the line after the opening quote, so one stray quote costs one row, not the rest of the file.
          line = open.line;
          lineStart = openLineStart;
          i = openOffset;
          while (i < text.length && text[i] !== '\n') i++;
          broken = true;
          break;
        }
        // Text after a closing quote, up to the separator, is kept as written ("a"b → ab) but reported.
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          errors.push({ position: here(), message: 'unexpected text after a closing quote; quote the whole cell' });
          while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
        }
      } else {
        const from = i;
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) i++;
        value = text.slice(from, i);
      }
      cells.push({ value, start, end: here() });
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    // A lone \r ends the row but not the line: lines are counted at \n, as editors and problem positions count them.
    let lineBreak = true;
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n') i++;
    else if (text[i] === '\r') {
      i++;
      lineBreak = false;
    }
    if (i <= text.length && lineBreak) newline();
    const blank = cells.length === 1 && cells[0]!.value.trim() === '' && cells[0]!.end.character === cells[0]!.start.character;
    if (!broken && !blank) rows.push({ line: rowLine, cells });
  }
  return { rows, errors };
}
