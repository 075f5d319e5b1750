/**
 * Everything the page shows from a result is user input (the command line holds -m messages,
 * host names, file names), so text goes through here before it meets HTML.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON for a `<script type="application/json">` element. A script element ends at the first
 * `</script` whatever the JSON means, and `<!--` changes how the parser looks for that end, so
 * every `<`, `>` and `&` is written as a JSON escape: JSON.parse reads back the same text.
 * U+2028 and U+2029 are escaped too, so the text is also a valid JavaScript literal.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Library code inlined in a `<script>`: `</script` and `<!--` can only occur inside its strings,
 * regular expressions or comments, where `<\/` and `<\!` mean the same.
 */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** A style sheet inlined in a `<style>`, which ends at the first `</style`. */
export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}
