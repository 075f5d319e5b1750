/** The longest value quoted in a message: the option says where to look. */
const SHOWN_VALUE = 80;

/** `--header='X-Id: 1'`, on one line and of reasonable length, to start a refusal with. */
export function optionValue(option: string, value: string): string {
  return `--${option}='${shown(value)}'`;
}

/** A value cut to a readable length, with control characters escaped so it stays on one line. */
export function shown(value: string): string {
  const chars = [...value];
  const text = chars.length > SHOWN_VALUE ? `${chars.slice(0, SHOWN_VALUE).join('')}...` : value;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0))
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}
