import { escapeHtml } from './escape-html.js';

/** A cell's text, and whether it holds a figure (right-aligned so digits line up). */
export type Cell = string | { text: string; numeric?: boolean; className?: string };

/** A table of escaped text; every page table goes through here. */
export function htmlTable(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  className = '',
): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
  const cls = className === '' ? '' : ` class="${escapeHtml(className)}"`;
  return `<table${cls}>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function td(cell: Cell): string {
  if (typeof cell === 'string') return `<td>${escapeHtml(cell)}</td>`;
  const classes = [cell.numeric ? 'num' : '', cell.className ?? ''].filter((c) => c !== '').join(' ');
  return `<td${classes === '' ? '' : ` class="${escapeHtml(classes)}"`}>${escapeHtml(cell.text)}</td>`;
}

/** A figure: right-aligned. */
export function num(text: string): Cell {
  return { text, numeric: true };
}

/** Label and value pairs, for the run's facts. */
export function htmlFacts(pairs: readonly (readonly [string, string])[]): string {
  const rows = pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n');
  return `<dl class="facts">\n${rows}\n</dl>`;
}
