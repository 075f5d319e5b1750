import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
// The named export: under NodeNext, TypeScript types the default import of this CommonJS module
// as the whole module object, which is not constructable (Node's runtime default would work).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA_FILE = new URL('../../docs/result.schema.json', import.meta.url);

/** The schema's `$id`, which the host also writes into every document's `$schema`. */
export const RESULT_SCHEMA_ID = 'urn:kali:result-schema:1.0';

let compiled: ValidateFunction | undefined;

/**
 * Strict, so that a keyword misspelt in the schema fails the tests instead of silently checking
 * nothing; every error, so that one failure lists all that is wrong with a document.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    discriminator: true,
    // ajv ships no format checkers; the schema's pattern pins the exact form, this the date.
    formats: { 'date-time': (text: string) => !Number.isNaN(Date.parse(text)) },
  });
  compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  return compiled;
}

function describe(errors: readonly ErrorObject[]): string {
  return errors
    .map((e) => `  ${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`)
    .join('\n');
}

/** Throws an AssertionError listing every way `doc` breaks docs/result.schema.json. */
export function validateResult(doc: unknown): void {
  const validate = validator();
  if (validate(doc)) return;
  const errors = validate.errors ?? [];
  throw new AssertionError({
    message: `not a valid result document (${errors.length} errors):\n${describe(errors)}`,
    actual: doc,
    expected: 'a document matching docs/result.schema.json',
    operator: 'validateResult',
  });
}
