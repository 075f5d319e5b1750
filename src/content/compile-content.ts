import { asFailure, KaliError } from '../errors/index.js';
import { hostContextFor } from '../host/host-context.js';
import type { ContentArg, ContentOption, RunConfig } from '../interfaces/config.js';
import type { ContentContext, ContentPlugin, ContentSource, MessageTemplate } from '../interfaces/content.js';
import { unescapeBytes } from './unescape.js';

/** The compiled traffic content of one side (client or listener), grouped by role. */
export interface CompiledContent {
  /** `-1` and `--first-message-file`, in order: sent once per connection. */
  first: MessageTemplate[];
  /** `-m` and `-f`, in order: together they form the one message unit that repeats. */
  message: MessageTemplate[];
  /** `-H`, in order. */
  header: MessageTemplate[];
  latencyMarker?: MessageTemplate;
}

const ROLE: Record<ContentOption, keyof CompiledContent> = {
  message: 'message',
  'message-file': 'message',
  'first-message': 'first',
  'first-message-file': 'first',
  header: 'header',
  'latency-marker': 'latencyMarker',
};

const FILE_OPTIONS: ReadonlySet<ContentOption> = new Set(['message-file', 'first-message-file']);

/**
 * Runs content arguments through the content plugins: loaders first (files), then the compilers
 * in priority order. Any plugin error becomes a one-line KaliError. `seed` must be the same in
 * every thread of a run (content derives run-wide random values from it).
 */
export class ContentCompiler {
  /** One context per plugin: each sees its own options. */
  private readonly contexts: ContentContext[];

  constructor(
    private readonly config: RunConfig,
    private readonly plugins: readonly ContentPlugin[],
    side: 'client' | 'server',
    seed: number,
    log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.contexts = plugins.map((p) => ({
      ...hostContextFor(config, p.name, log),
      side,
      seed,
      unescape: unescapeBytes,
    }));
  }

  /** Every content argument of the configuration, grouped by role. */
  all(): CompiledContent {
    const out: CompiledContent = { first: [], message: [], header: [] };
    for (const arg of this.config.content) {
      const template = this.one(arg);
      const role = ROLE[arg.option];
      if (role === 'latencyMarker') out.latencyMarker = template;
      else out[role].push(template);
    }
    return out;
  }

  one(arg: ContentArg): MessageTemplate {
    return compileOne(arg, this.plugins, this.contexts);
  }
}

function compileOne(
  arg: ContentArg,
  plugins: readonly ContentPlugin[],
  contexts: readonly ContentContext[],
): MessageTemplate {
  try {
    let bytes: Uint8Array | undefined;
    for (let i = 0; i < plugins.length; i++) {
      bytes = plugins[i].load?.(arg, contexts[i]);
      if (bytes !== undefined) break;
    }
    if (bytes === undefined) {
      if (FILE_OPTIONS.has(arg.option)) {
        throw new KaliError(`--${arg.option}=${arg.value}: no content plugin can read it`, 65);
      }
      bytes = Buffer.from(arg.value, 'utf8');
    }
    const source: ContentSource = { option: arg.option, bytes, unescape: arg.unescape, origin: arg.value };
    for (let i = 0; i < plugins.length; i++) {
      const template = plugins[i].compile?.(source, contexts[i]);
      if (template !== undefined) return template;
    }
    throw new KaliError(`--${arg.option}=${arg.value}: no content plugin accepts this content`, 1);
  } catch (err) {
    throw asFailure(err);
  }
}

/** Every content argument of `config`, compiled for one side (a shorthand for ContentCompiler). */
export function compileContent(
  config: RunConfig,
  plugins: readonly ContentPlugin[],
  side: 'client' | 'server',
  seed = 0,
): CompiledContent {
  return new ContentCompiler(config, plugins, side, seed).all();
}
