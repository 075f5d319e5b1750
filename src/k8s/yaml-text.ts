/**
 * Plain data a manifest is made of: strings, numbers, booleans, arrays and objects of them (any
 * interface of such fields); entries whose value is undefined are left out.
 */
export type YamlValue = string | number | boolean | undefined | readonly YamlValue[] | object;

/** Comment lines to write before the entry at a path (`spec.template.spec.containers[0].args`). */
export type YamlComments = ReadonlyMap<string, readonly string[]>;

/** Keys left unquoted: names that start with a letter, except the words YAML 1.1 reads as values. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

/**
 * YAML block text for `value`, with comments where people read the manifest. Every string is
 * double-quoted: a kali argument can be anything (`-1`, `on`, `\{connection.uid}`, `# x`, a
 * leading dash or colon), and quoting them all is simpler to get right than deciding which
 * plain scalars YAML 1.1 (Kubernetes' parser) would read as numbers, booleans or syntax.
 */
export function yamlText(value: object, comments: YamlComments = new Map()): string {
  return `${mapping(value, 0, '', comments).join('\n')}\n`;
}

function mapping(value: object, indent: number, path: string, comments: YamlComments): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value) as [string, YamlValue][]) {
    if (item === undefined) continue;
    const at = path === '' ? key : `${path}.${key}`;
    for (const c of comments.get(at) ?? []) lines.push(`${pad}# ${c}`.trimEnd());
    const name = PLAIN_KEY.test(key) && !YAML11_WORDS.test(key) ? key : quoted(key);
    if (isInline(item)) lines.push(`${pad}${name}: ${inline(item)}`);
    else lines.push(`${pad}${name}:`, ...block(item, indent + 2, at, comments));
  }
  return lines;
}

function sequence(
  items: readonly YamlValue[],
  indent: number,
  path: string,
  comments: YamlComments,
): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    for (const c of comments.get(at) ?? []) lines.push(`${pad}# ${c}`.trimEnd());
    if (isInline(item)) {
      lines.push(`${pad}- ${inline(item)}`);
      return;
    }
    const inner = block(item, indent + 2, at, comments);
    // The dash takes the place of the indentation on the item's first line that is not a comment.
    const first = inner.findIndex((l) => !l.trimStart().startsWith('#'));
    inner[first] = `${pad}- ${inner[first].slice(indent + 2)}`;
    lines.push(...inner);
  });
  return lines;
}

function block(value: object, indent: number, path: string, comments: YamlComments): string[] {
  return Array.isArray(value)
    ? sequence(value, indent, path, comments)
    : mapping(value, indent, path, comments);
}

/** Scalars, and empty arrays and objects, which block style cannot write. */
function isInline(v: YamlValue): v is string | number | boolean | undefined | readonly [] {
  if (typeof v !== 'object' || v === null) return true;
  return Object.values(v).every((x) => x === undefined);
}

function inline(v: YamlValue): string {
  if (typeof v === 'string') return quoted(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} has no YAML form a manifest can use`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (v === undefined) throw new Error('an array item cannot be left out of a manifest');
  return Array.isArray(v) ? '[]' : '{}';
}

/**
 * A YAML double-quoted scalar. Besides `\` and `"`, control characters and the characters YAML
 * 1.1 reads as line breaks (NEL, LS, PS) or a byte order mark are escaped, so the text comes
 * back exactly as given whichever YAML version reads it.
 */
export function quoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff
    )
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
