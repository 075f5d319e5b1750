export { EX_USAGE, UsageError } from '../errors/index.js';
