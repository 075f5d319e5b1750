import type { ContentArg, DestinationSpec, KaliApi, MessageTemplate, OptionValues, RunConfig } from 'kali';
import { ascii } from './bytes.js';
import { headerBytesProblem, headerName, headerProblem } from './header-line.js';
import { hasExpressions, targetProblem } from './request-target.js';
import { type Part, type RequestParts, requestTemplate } from './request-template.js';
import { optionValue, shown } from './shown-value.js';

/** The run's requests, and what the parser must know about them. */
export interface HttpRequests {
  request: MessageTemplate;
  /** HEAD: responses have no body whatever their headers say. */
  headRequests: boolean;
}

/** Servers commonly refuse longer request lines (nginx and Node: 8 KiB by default). */
export const MAX_REQUEST_LINE = 8 * 1024;

/** Methods whose requests carry content by definition: without -m they say `Content-Length: 0`. */
const WITH_CONTENT: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

const CRLF = ascii('\r\n');

/**
 * Builds the requests from the command line: the method (`--method`), the first destination's
 * path (with expressions) and host, the `-H` headers and the `-m`/`-f` bodies, each body one
 * request in turn. Everything is compiled through the host's content plugins, so expressions work
 * wherever text does. Throws one-line usage errors (exit 64) naming the option and value.
 */
export function httpRequests(
  config: Readonly<RunConfig>,
  options: OptionValues,
  compile: (arg: ContentArg) => MessageTemplate,
  kali: KaliApi,
  defaultPort: (scheme: string) => number,
): HttpRequests {
  const refuse = (line: string) => kali.error(line, kali.exit.USAGE);
  if (config.websocket) throw refuse('--ws: http:// speaks HTTP itself, over TCP or TLS (https://)');
  const method = typeof options.method === 'string' ? options.method : 'GET';
  const headers: { name: string; part: Part }[] = [];
  const bodies: Part[] = [];
  for (const arg of config.content) {
    if (arg.option === 'first-message' || arg.option === 'first-message-file') {
      throw refuse(
        `${optionValue(arg.option, arg.value)}: http:// sends requests only; put headers in -H and bodies in -m`,
      );
    }
    if (arg.option === 'header') headers.push(header(arg, compile, refuse));
    else if (arg.option === 'message' || arg.option === 'message-file') bodies.push(asPart(compile(arg)));
  }
  const has = (name: string) => headers.some((h) => h.name === name);

  const first = config.destinations[0];
  const target = requestTarget(first, config.destinations, compile, kali);
  const lineLength = method.length + 1 + partMax(target) + ' HTTP/1.1'.length;
  if (lineLength > MAX_REQUEST_LINE) {
    throw refuse(
      `${shown(first.text)}: the request line may reach ${lineLength} bytes, more than the ${MAX_REQUEST_LINE} servers accept`,
    );
  }
  const head: Part[] = [ascii(`${method} `), target, ascii(' HTTP/1.1\r\n')];
  if (!has('host'))
    head.push(ascii(`Host: ${hostHeader(first, config.destinations, defaultPort, refuse)}\r\n`));
  if (!has('user-agent')) head.push(ascii('User-Agent: kali\r\n'));
  for (const h of headers) head.push(h.part, CRLF);

  const variants: RequestParts[] =
    bodies.length === 0
      ? [{ head: [...head, ascii(WITH_CONTENT.has(method) ? 'Content-Length: 0\r\n\r\n' : '\r\n')] }]
      : bodies.map((body) => ({ head: [...head, ascii('Content-Length: ')], body: [body] }));
  return { request: requestTemplate(variants), headRequests: method === 'HEAD' };
}

const asPart = (t: MessageTemplate): Part => t.bytes ?? t;
const partMax = (p: Part): number => (p instanceof Uint8Array ? p.length : p.maxLength);

function header(
  arg: ContentArg,
  compile: (arg: ContentArg) => MessageTemplate,
  refuse: (line: string) => Error,
): { name: string; part: Part } {
  const problem = headerProblem(arg.value);
  if (problem) throw refuse(`${optionValue('header', arg.value)}: ${problem}`);
  const t = compile(arg);
  // -e may have turned escapes into line breaks.
  const bytesProblem = t.bytes ? headerBytesProblem(t.bytes) : undefined;
  if (bytesProblem) throw refuse(`${optionValue('header', arg.value)}: ${bytesProblem}`);
  return { name: headerName(arg.value), part: asPart(t) };
}

/**
 * `/path` of the first destination; requests are built once for every connection, so all
 * destinations must share it.
 */
function requestTarget(
  first: DestinationSpec,
  all: readonly DestinationSpec[],
  compile: (arg: ContentArg) => MessageTemplate,
  kali: KaliApi,
): Part {
  const problem = targetProblem(first.path);
  if (problem) throw kali.error(`${shown(first.text)}: ${problem}`, kali.exit.USAGE);
  const other = all.find((d) => d.path !== first.path);
  if (other) {
    throw kali.error(
      `${shown(other.text)}: every destination of an http:// run must have the same path as ${shown(first.text)}`,
      kali.exit.USAGE,
    );
  }
  const text = `/${first.path}`;
  if (!hasExpressions(text)) return ascii(text);
  // The path is not a content option; 'message' compiles it as plain text (--ws is refused).
  const value = { option: 'message' as const, value: text, unescape: false };
  try {
    return asPart(compile(value));
  } catch (err) {
    const e = err as Error & { exitCode?: number };
    const prefix = `${optionValue('message', text)}: `;
    const why = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    throw kali.error(`${shown(first.text)}: in the path: ${why}`, e.exitCode ?? kali.exit.FAILED);
  }
}

/** `host[:port]` for the Host header: the port only when it is not the scheme's default. */
function hostHeader(
  first: DestinationSpec,
  all: readonly DestinationSpec[],
  defaultPort: (scheme: string) => number,
  refuse: (line: string) => Error,
): string {
  const value = (d: DestinationSpec) => {
    const host = d.host.includes(':') ? `[${d.host}]` : d.host;
    return d.port === defaultPort(d.scheme ?? 'http') ? host : `${host}:${d.port}`;
  };
  const host = value(first);
  const other = all.find((d) => value(d) !== host);
  if (other) {
    throw refuse(
      `${shown(other.text)}: destinations with different hosts or ports need one -H 'Host: …' for all of them`,
    );
  }
  return host;
}
