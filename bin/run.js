#!/usr/bin/env node
// Dispatcher: `kali [options] host:port…` is the default `run` command, while `kali plugins …`,
// `kali help` and other words are oclif commands. oclif's own entry point scans argv for
// --help/--version before any command runs, which would turn `-m --help` (a message) into a
// help request, so load commands go straight to `run`.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
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
  // What oclif found installed last time, while nothing it depends on has changed: the run then
  // needs neither oclif's import nor its plugin scan (a third of a short run's wall time).
  const { readSnapshot } = await import('../dist/host/installed-snapshot.js');
  const known = readSnapshot(root, first);
  if (known !== undefined) {
    const fast = await import(fastLoadModule());
    fast.catchInterrupts();
    await fast.prestartWorkers(argv);
    process.exit(await fast.runLoad(argv, fast.collectPluginRefs(known.packages), known.version));
  }
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
dropStaleManifests(root);

// oclif's config alone: the whole package also evaluates code a run never uses (see oclif-flags.ts).
const { Config } = await import('@oclif/core/config');
// oclif reports a plugin it cannot load as a process warning; what it found then is not worth
// remembering, so that the warning comes again on the next run.
let warned = false;
const noteWarning = () => {
  warned = true;
};
process.on('warning', noteWarning);
const config = await Config.load(import.meta.url);
process.off('warning', noteWarning);
const isCommand =
  first !== undefined && (config.findCommand(first) !== undefined || config.findTopic(first) !== undefined);

if (isCommand || first === 'help') {
  const { handle, run } = await import('@oclif/core');
  await run(rewriteLocalInstall(argv), config).catch(handle);
} else if (looksLikeLoad) {
  if (!warned && !declaresHooks(config)) {
    const { rememberInstalled } = await import('../dist/host/installed-in-order.js');
    rememberInstalled(config);
  }
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

/** A plugin with oclif hooks expects them to run, which only oclif's path does. */
function declaresHooks(cfg) {
  return cfg.getPluginsList().some((p) => {
    const hooks = Object.keys(p.hooks ?? {});
    return hooks.some((h) => h === 'init' || h === 'prerun' || h === 'postrun');
  });
}

/**
 * host/fast-load.ts as `npm run build` bundles it, unless the compiled modules are newer (a bare
 * `npx tsc -b` since): then the modules themselves, slower to load but current.
 */
function fastLoadModule() {
  const at = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
  const bundled = at('../dist/host/fast-load.bundle.js');
  const built = at('../dist/.tsbuildinfo');
  const current = bundled !== undefined && built !== undefined && bundled >= built;
  return current ? '../dist/host/fast-load.bundle.js' : '../dist/host/fast-load.js';
}
