import type { OptionDeclaration, OptionValues } from 'kali';

/** This output's name, under which the host keeps its option values. */
export const HTML_PLUGIN = 'html';

/** `--report` turns the output on; `--output html` alone is refused for want of a file. */
export const HTML_OPTIONS: readonly OptionDeclaration[] = [
  {
    name: 'report',
    type: 'string',
    valueName: 'FILE.html',
    description: 'Write an HTML report of the run to this file: tables and charts, one self-contained page',
  },
];

/** The report's path, or undefined when the output was named (--output html) without one. */
export function reportPath(options: OptionValues): string | undefined {
  const file = options.report;
  return typeof file === 'string' && file !== '' ? file : undefined;
}
