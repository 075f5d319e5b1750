import type { PluginFactory, TransportPlugin } from 'kali';
const factory: PluginFactory<TransportPlugin> = () => ({ kind: 'transport', name: 'tcp', create() { throw new Error('x'); } });
export default factory;
