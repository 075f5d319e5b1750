/**
 * Everything bin/run.js needs to run a load without oclif, as one module: `npm run build` bundles
 * it with its imports into `fast-load.bundle.js` (build/bundle-fast-load.ts), because importing the
 * ~90 modules behind it one by one costs a short run ~30 ms more than reading one file. A process
 * uses either the bundle (a run from the memo of installed plugins) or the separate modules
 * (oclif's path), never both, so module state such as the caught signals exists once.
 */
export { collectPluginRefs } from '../registry/collect-plugin-refs.js';
export { prestartWorkers } from './prestart-workers.js';
export { runLoad } from './run-load.js';
export { catchInterrupts } from './signals.js';
