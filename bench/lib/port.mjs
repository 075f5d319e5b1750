import net from 'node:net';

// Fixed ports collide with whatever the other engineers are running on this machine right now,
// so each case asks the kernel for a port that is free at this moment.
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
