import { strict as assert } from 'node:assert';
import { scanAnnotations } from '../../../src/core/annotations';
import { annotationComment, annotationEdit, COMMENT_LANGUAGES, commentSyntax, insertionLine } from '../../../src/extension/commentTokens';

/** Applies an edit to a text split into lines, as the editor would. */
function apply(lines: string[], edit: { line: number; character: number; text: string }): string {
  const offset = lines.slice(0, edit.line).reduce((n, l) => n + l.length + 1, 0) + edit.character;
  const text = lines.join('\n');
  return text.slice(0, offset) + edit.text + text.slice(offset);
}

describe('@cx comments by language (commentTokens.ts)', () => {
  it('every listed language writes an annotation the @cx scanner reads back', () => {
    assert.ok(COMMENT_LANGUAGES.length > 60);
    for (const id of COMMENT_LANGUAGES) {
      const comment = annotationComment(commentSyntax(id)!, ['checkout/pay', 'refunds']);
      const found = scanAnnotations(`${comment}\ncode();\n`);
      assert.deepEqual(found.map((a) => a.refs.map((r) => r.ref)), [['checkout/pay', 'refunds']], `${id}: ${comment}`);
    }
  });

  it('uses the usual token of each family', () => {
    const token = (id: string) => annotationComment(commentSyntax(id)!, ['a']);
    assert.equal(token('typescript'), '// @cx a');
    assert.equal(token('python'), '# @cx a');
    assert.equal(token('sql'), '-- @cx a');
    assert.equal(token('clojure'), '; @cx a');
    assert.equal(token('latex'), '% @cx a');
    assert.equal(token('html'), '<!-- @cx a -->');
    assert.equal(token('css'), '/* @cx a */');
    assert.equal(token('ocaml'), '(* @cx a *)');
  });

  it('knows that JSON and plain text have no comments', () => {
    for (const id of ['json', 'plaintext', 'unknown-language', 'vb']) assert.equal(commentSyntax(id), undefined, id);
  });

  it('goes after a shebang, an XML declaration, a doctype, a Python coding line and Dockerfile directives', () => {
    assert.equal(insertionLine(['#!/usr/bin/env node', 'x'], 'javascript'), 1);
    assert.equal(insertionLine(['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', 'import os'], 'python'), 2);
    assert.equal(insertionLine(['# just a comment', 'import os'], 'python'), 0);
    assert.equal(insertionLine(['<?xml version="1.0"?>', '<!DOCTYPE svg>', '<svg/>'], 'xml'), 2);
    assert.equal(insertionLine(['# syntax=docker/dockerfile:1', '# escape=`', 'FROM node'], 'dockerfile'), 2);
    assert.equal(insertionLine(['# syntax=x', 'FROM node'], 'shellscript'), 0, 'directives are Dockerfile only');
    assert.equal(insertionLine(['import x'], 'typescript'), 0);
  });

  it('goes after Markdown front matter', () => {
    assert.equal(insertionLine(['---', 'title: x', '---', '# Title'], 'markdown'), 3);
    assert.equal(insertionLine(['---', 'never closed'], 'markdown'), 0);
    assert.equal(insertionLine(['# Title'], 'markdown'), 0);
  });

  it('inserts a line and a blank line before code, so the comment joins no doc comment', () => {
    const lines = ['// Package pay handles cards.', 'package pay'];
    const edit = annotationEdit(lines, 'go', ['checkout/pay'])!;
    assert.deepEqual(edit, { line: 0, character: 0, text: '// @cx checkout/pay\n\n' });
    assert.equal(apply(lines, edit), '// @cx checkout/pay\n\n// Package pay handles cards.\npackage pay');
    assert.equal(annotationEdit(['', 'x'], 'go', ['a'])!.text, '// @cx a\n', 'a blank line is there already');
    assert.equal(annotationEdit(['x'], 'python', ['a'], '\r\n')!.text, '# @cx a\r\n\r\n');
  });

  it('after a last line that is a shebang, breaks the line first', () => {
    const edit = annotationEdit(['#!/bin/sh'], 'shellscript', ['a'])!;
    assert.deepEqual(edit, { line: 0, character: 9, text: '\n# @cx a\n' });
    assert.equal(apply(['#!/bin/sh'], edit), '#!/bin/sh\n# @cx a\n');
    assert.deepEqual(annotationEdit([''], 'typescript', ['a']), { line: 0, character: 0, text: '// @cx a\n' });
  });

  it('PHP: // after <?php, an HTML comment when the file starts with HTML', () => {
    assert.equal(apply(['<?php', 'echo 1;'], annotationEdit(['<?php', 'echo 1;'], 'php', ['a'])!), '<?php\n// @cx a\n\necho 1;');
    assert.equal(apply(['#!/usr/bin/env php', '<?php', 'x();'], annotationEdit(['#!/usr/bin/env php', '<?php', 'x();'], 'php', ['a'])!),
      '#!/usr/bin/env php\n<?php\n// @cx a\n\nx();');
    assert.equal(annotationEdit(['<html><?php echo 1 ?>'], 'php', ['a'])!.text, '<!-- @cx a -->\n\n');
  });

  it('gives nothing for a language without comments', () => {
    assert.equal(annotationEdit(['{}'], 'json', ['a']), undefined);
  });

  it('what it writes is read back at the line it went to', () => {
    const lines = ['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', '"""Docs."""', 'import os'];
    const text = apply(lines, annotationEdit(lines, 'python', ['checkout/pay'])!);
    const [found] = scanAnnotations(text);
    assert.equal(found?.line, 2);
    assert.deepEqual(found?.refs.map((r) => r.ref), ['checkout/pay']);
  });
});
