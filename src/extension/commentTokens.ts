/**
 * How to write a `@cx` annotation in a language (pure, tested without VS Code): its comment syntax by VS Code
 * language id, and where at the top of a file the line goes so it breaks nothing (after a shebang, an XML
 * declaration, `<?php`, a Python coding line, Dockerfile parser directives or Markdown front matter). Only comment
 * forms the `@cx` scanner (core/annotations.ts) reads are listed; a test checks each one round-trips.
 */

export type CommentSyntax = { line: string } | { block: readonly [string, string] };

const LINE: Record<string, readonly string[]> = {
  '//': [
    'c', 'cpp', 'csharp', 'cuda-cpp', 'd', 'dart', 'fsharp', 'go', 'groovy', 'haxe', 'hlsl', 'java', 'javascript',
    'javascriptreact', 'jsonc', 'json5', 'kotlin', 'less', 'objective-c', 'objective-cpp', 'php', 'proto3', 'rust',
    'sass', 'scala', 'scss', 'solidity', 'swift', 'typescript', 'typescriptreact', 'verilog', 'zig', 'glsl', 'wgsl',
  ],
  '#': [
    'coffeescript', 'cmake', 'crystal', 'dockerfile', 'dotenv', 'elixir', 'gitignore', 'graphql', 'hcl', 'ignore',
    'julia', 'makefile', 'nim', 'nix', 'perl', 'perl6', 'powershell', 'properties', 'python', 'r', 'raku', 'ruby',
    'shellscript', 'starlark', 'tcl', 'terraform', 'toml', 'yaml', 'dockercompose', 'github-actions-workflow',
  ],
  '--': ['ada', 'elm', 'haskell', 'lua', 'plsql', 'purescript', 'sql', 'vhdl'],
  ';': ['clojure', 'ini', 'lisp', 'racket', 'scheme'],
  '%': ['bibtex', 'erlang', 'latex', 'matlab', 'octave', 'prolog', 'tex'],
};

const BLOCK: Record<string, readonly [string, string]> = {
  css: ['/*', '*/'],
  html: ['<!--', '-->'],
  markdown: ['<!--', '-->'],
  ocaml: ['(*', '*)'],
  svelte: ['<!--', '-->'],
  svg: ['<!--', '-->'],
  vue: ['<!--', '-->'],
  xml: ['<!--', '-->'],
  xsl: ['<!--', '-->'],
};

const BY_LANGUAGE = new Map<string, CommentSyntax>();
for (const [token, ids] of Object.entries(LINE)) for (const id of ids) BY_LANGUAGE.set(id, { line: token });
for (const [id, block] of Object.entries(BLOCK)) BY_LANGUAGE.set(id, { block });

/** Every language id with a known comment syntax (for tests). */
export const COMMENT_LANGUAGES: readonly string[] = [...BY_LANGUAGE.keys()].sort();

/** The comment syntax of a language; undefined for languages without comments (JSON, plain text) or unknown ones. */
export function commentSyntax(languageId: string): CommentSyntax | undefined {
  return BY_LANGUAGE.get(languageId);
}

/** `// @cx checkout/pay, refunds` in the language's comment syntax. */
export function annotationComment(syntax: CommentSyntax, refs: readonly string[]): string {
  const body = `@cx ${refs.join(', ')}`;
  return 'line' in syntax ? `${syntax.line} ${body}` : `${syntax.block[0]} ${body} ${syntax.block[1]}`;
}

/** Lines that must stay first in a file: a comment may only come after them. */
const HEADER_LINES: { test: RegExp; languages?: readonly string[] }[] = [
  { test: /^#!/ },
  { test: /^<\?xml\b/i },
  { test: /^<!DOCTYPE\b/i },
  // A coding declaration counts only on the first two lines; it stays there when the annotation goes after it.
  { test: /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/, languages: ['python'] },
  { test: /^#\s*(syntax|escape|check)\s*=/i, languages: ['dockerfile'] },
];

/**
 * The zero-based line before which the annotation goes: after the header lines a file must start with, and after
 * front matter (`---` … `---`) in Markdown.
 */
export function insertionLine(lines: readonly string[], languageId: string): number {
  let at = 0;
  if (languageId === 'markdown' && lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    if (end > 0) at = end + 1;
  }
  while (at < lines.length && HEADER_LINES.some((h) => (!h.languages || h.languages.includes(languageId)) && h.test.test(lines[at]!))) at++;
  return at;
}

export interface AnnotationEdit {
  /** Zero-based position to insert at. */
  line: number;
  character: number;
  /** The text to insert, with line breaks; a blank line follows so the comment joins no doc comment below it. */
  text: string;
}

/**
 * Where and what to insert to link a file (its `lines`) to `refs`, or undefined when its language has no comment
 * syntax. PHP takes `//` after `<?php`; a PHP file that starts with HTML takes an HTML comment.
 */
export function annotationEdit(lines: readonly string[], languageId: string, refs: readonly string[], eol = '\n'): AnnotationEdit | undefined {
  let syntax = commentSyntax(languageId);
  let line = insertionLine(lines, languageId);
  if (languageId === 'php') {
    const open = lines.findIndex((l, i) => i >= line && l.trim() !== '');
    if (open >= 0 && /^<\?php\b/.test(lines[open]!.trim()) && !lines[open]!.includes('?>')) line = open + 1;
    else syntax = { block: ['<!--', '-->'] };
  }
  if (!syntax) return undefined;
  const comment = annotationComment(syntax, refs);
  // After the last line (a file that is only a shebang): a line break first, or the comment would join that line.
  if (line >= lines.length) return { line: Math.max(lines.length - 1, 0), character: lines.at(-1)?.length ?? 0, text: `${lines.length ? eol : ''}${comment}${eol}` };
  const blank = lines[line]!.trim() !== '' ? eol : '';
  return { line, character: 0, text: `${comment}${eol}${blank}` };
}
