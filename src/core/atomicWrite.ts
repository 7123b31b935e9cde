/**
 * The two ways the product writes files (SPEC §6): a whole file replaced atomically (temp file + rename), or whole
 * lines appended. Either way a reader, a crash or a second writer never sees or leaves half a write.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `text` to a new temporary file beside `file`, flushed to disk; returns its path. */
async function writeTemp(file: string, text: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = tempName(file);
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return tmp;
}

/** Replaces (or creates) `file` with `text`: written beside it, flushed, then renamed over it. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = await writeTemp(file, text);
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Creates `file` with `text` atomically, only if it does not exist yet: the complete content appears at once, and
 * a file another writer created in the meantime is never replaced. Returns false when the file already exists.
 */
export async function createFileAtomic(file: string, text: string): Promise<boolean> {
  const tmp = await writeTemp(file, text);
  try {
    try {
      // A hard link fails with EEXIST instead of replacing, which rename would do.
      await fs.link(tmp, file);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // File systems without hard links: rename, after a last check.
      if (await fs.stat(file).then(() => true, () => false)) return false;
      await fs.rename(tmp, file);
      return true;
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Appends whole lines to `file` (created if missing) in one `O_APPEND` write, so lines of concurrent writers
 * interleave but never split. When the file does not end with a line break (an editor left the last line open), a
 * line break goes first, so the new lines never join it; the file itself is never rewritten.
 */
export async function appendLines(file: string, lines: readonly string[]): Promise<void> {
  if (!lines.length) return;
  for (const l of lines) if (/[\r\n]/.test(l)) throw new Error('a line to append must not contain a line break');
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    const data = Buffer.from(`${lead}${lines.join('\n')}\n`, 'utf8');
    // One write call; a short write (a full disk) is finished rather than left as half a line.
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await handle.write(data, done, data.length - done);
      done += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** Adds `line` to a line-based file (such as `.gitattributes`) unless it is already there. Returns whether it did. */
export async function ensureLine(file: string, line: string): Promise<boolean> {
  const existing = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  if (existing.split(/\r?\n/).some((l) => l.trim() === line)) return false;
  await appendLines(file, [line]);
  return true;
}
