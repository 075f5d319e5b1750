export { asFailure, KaliError as Failure, UsageFailure } from '../errors/index.js';
