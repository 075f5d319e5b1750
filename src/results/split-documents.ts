/** One JSON document found in a stream of text, and the line it starts on (from 1). */
export interface FoundDocument {
  text: string;
  line: number;
}

/**
 * The JSON objects in `text` written one after another, as `kubectl logs` gives the result
 * documents of N pods: a pod's log holds its stderr too (the report, start-up lines), so lines
 * that do not start with `{` are passed over. Every line that does starts a document, which ends
 * where its braces balance (strings and their escapes skipped); another may follow on the same
 * line. A document the text ends inside is returned as it is, for the JSON parser to refuse.
 */
export function splitDocuments(text: string): FoundDocument[] {
  const found: FoundDocument[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let afterDocument = false;
  while (i < text.length) {
    // At the start of a line, or right after a document: blanks, then a document or not.
    while (i < text.length && isBlank(text[i], afterDocument)) {
      if (text[i] === '\n') line++;
      i++;
    }
    if (text[i] === '{') {
      const end = documentEnd(text, i);
      found.push({ text: text.slice(i, end), line });
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end;
      afterDocument = true;
      continue;
    }
    afterDocument = false;
    const newline = text.indexOf('\n', i);
    if (newline < 0) break;
    i = newline + 1;
    line++;
  }
  return found;
}

/** Between documents any white space may stand; before the first of a line, only indentation. */
function isBlank(c: string, afterDocument: boolean): boolean {
  return c === ' ' || c === '\t' || c === '\r' || (afterDocument && c === '\n');
}

/** Where the object starting at `start` ends (just past its closing brace), or the text's end. */
function documentEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}
