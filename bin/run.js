#!/usr/bin/env node
// Dispatcher: `kali [options] host:port…` is the default `run` command, while `kali plugins …`,
// `kali help` and other words are oclif commands. oclif's own entry point scans argv for
// --help/--version before any command runs, which would turn `-m --help` (a message) into a
// help request, so load commands go straight to `run`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const first = argv[0];
if (argv.length === 1 && first === '--version') {
  // Answered before oclif and the plugins load: scripts call this often, and it needs neither.
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`kali version ${pkg.version}\n`);
  process.exit(0);
}
const looksLikeLoad = first === undefined || first.startsWith('-') || /[:.[]/.test(first);
if (looksLikeLoad && first !== undefined) {
  // Loading oclif takes a while; a SIGTERM or Ctrl+C meanwhile must still end the run with a
  // report and status 64, not kill the process.
  const { catchInterrupts } = await import('../dist/host/signals.js');
  catchInterrupts();
  // Worker threads take ~60 ms each to start; started now, they do it on the other CPUs while
  // oclif and the plugins load.
  const { prestartWorkers } = await import('../dist/host/prestart-workers.js');
  await prestartWorkers(argv);
}

// npm run build writes oclif manifests so that oclif need not import every command to list them;
// one older than the compiled commands would hide a new one.
const { dropStaleManifests } = await import('../dist/build/drop-stale-manifests.js');
dropStaleManifests(fileURLToPath(new URL('..', import.meta.url)));

// oclif's config alone: the whole package also evaluates code a run never uses (see oclif-flags.ts).
const { Config } = await import('@oclif/core/config');
const config = await Config.load(import.meta.url);
const isCommand =
  first !== undefined && (config.findCommand(first) !== undefined || config.findTopic(first) !== undefined);

if (isCommand || first === 'help') {
  const { handle, run } = await import('@oclif/core');
  await run(rewriteLocalInstall(argv), config).catch(handle);
} else if (looksLikeLoad) {
  await config.runHook('init', { id: 'run', argv });
  await config.runCommand('run', argv);
} else {
  process.stderr.write(
    `kali: '${first}' is neither a command nor a host:port destination. See kali --help.\n`,
  );
  process.exit(64);
}

/** `kali plugins install ./dir` would be read as a GitHub shorthand; npm wants file: specs. */
function rewriteLocalInstall(args) {
  if (args[0] !== 'plugins' || !['install', 'add', 'i', 'link'].includes(args[1]) || args[1] === 'link')
    return args;
  return args.map((a, i) => (i >= 2 && /^(\.{1,2}\/|\/)/.test(a) ? `file:${resolve(a)}` : a));
}
