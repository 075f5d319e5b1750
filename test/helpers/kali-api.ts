/** The runtime helpers the host hands every plugin factory, for tests that build plugins. */
export { kaliApi } from '../../src/registry/kali-api.js';
