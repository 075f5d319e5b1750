export { describeError } from './describe-error.js';
export { ExitStatus, type ExitStatusCode } from './exit-status.js';
export {
  asFailure,
  EX_USAGE,
  KaliError,
  oneLine,
  PluginFailure,
  UsageError,
  UsageFailure,
  WorkerFailure,
} from './kali-error.js';
export { renderError } from './render-error.js';
