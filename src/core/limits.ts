/**
 * Caps on what is read from a workspace (SPEC §6): a `.cx/` file larger than `customerContext.limits.maxFileSizeMB`
 * is not read at all, and past `customerContext.limits.maxFeedbackRecords` feedback records (counted across the
 * feedback files in path order) the rest are skipped. Either way a problem at line 1, column 1 of the file says so,
 * and everything within the limits still loads: a huge export is a clear message, never an out-of-memory crash.
 */
import { emptyCxFile } from './cxData';
import type { CxFile, CxFileKind } from './cxData';
import type { Problem } from './problems';
import { DEFAULT_SETTINGS } from './settings';
import type { Settings } from './settings';

export interface Limits {
  /** Bytes a `.cx/` file may have (UTF-8 on disk; an open document's text is measured the same way). */
  maxFileBytes: number;
  /** Feedback records read per workspace folder. */
  maxFeedbackRecords: number;
  /**
   * A feedback JSONL file up to this many bytes is kept in memory to read its records' texts from; a larger one is
   * read from disk again (not a setting: tests lower it to read small files that way).
   */
  inMemoryBytes?: number;
}

export const MAX_FILE_SIZE_KEY = 'limits.maxFileSizeMB';
export const MAX_FEEDBACK_KEY = 'limits.maxFeedbackRecords';

const MB = 1024 * 1024;

/** The limits of some settings; a missing setting takes its default. */
export function limitsOf(settings: Partial<Pick<Settings, typeof MAX_FILE_SIZE_KEY | typeof MAX_FEEDBACK_KEY>> = {}): Limits {
  return {
    maxFileBytes: (settings[MAX_FILE_SIZE_KEY] ?? DEFAULT_SETTINGS[MAX_FILE_SIZE_KEY]) * MB,
    maxFeedbackRecords: settings[MAX_FEEDBACK_KEY] ?? DEFAULT_SETTINGS[MAX_FEEDBACK_KEY],
  };
}

export const DEFAULT_LIMITS: Limits = limitsOf();

function atStart(file: string, message: string): Problem {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'too-large', message };
}

function size(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Whether a file of `bytes` bytes is over the size limit. */
export function overSizeLimit(bytes: number, limits: Limits): boolean {
  return bytes > limits.maxFileBytes;
}

/** The stand-in for a file over the size limit: no data, one problem naming the file, its size and the setting. */
export function tooLargeFile(rel: string, kind: CxFileKind, bytes: number, limits: Limits): CxFile {
  const message = `${rel} is ${size(bytes)}, over the limit of ${size(limits.maxFileBytes)} (setting customerContext.${MAX_FILE_SIZE_KEY}, cx --max-file-size): the file is not read`;
  return { ...emptyCxFile(rel, kind), problems: [atStart(rel, message)] };
}

/**
 * Keeps the first `maxFeedbackRecords` feedback records of the files, in path order (the order they are combined
 * in); each file that loses records gets a problem saying how many. Files within the limit are returned as they are.
 */
export function capFeedback(files: Iterable<CxFile>, limits: Limits): CxFile[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let left = limits.maxFeedbackRecords;
  return sorted.map((f) => {
    if (f.feedback.length <= left) {
      left -= f.feedback.length;
      return f;
    }
    const kept = Math.max(0, left);
    left = 0;
    const skipped = f.feedback.length - kept;
    const message = `${f.path}: ${skipped} feedback record${skipped === 1 ? '' : 's'} skipped: the workspace is limited to ${limits.maxFeedbackRecords} (setting customerContext.${MAX_FEEDBACK_KEY}, cx --max-feedback)`;
    return { ...f, feedback: f.feedback.slice(kept), problems: [...f.problems, atStart(f.path, message)] };
  });
}
