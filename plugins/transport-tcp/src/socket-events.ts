import type { Socket } from 'node:net';
import type { StreamHandler } from 'kali';
import { SocketStream } from './socket-stream.js';

/**
 * Per-socket state lives in one SocketStream stored under a symbol on the socket, and every event
 * listener is one shared function that finds it through `this`: thousands of connections share a
 * handful of functions instead of each holding its own closures, and each socket gains a single
 * property.
 */
const kStream = Symbol('kali.stream');

interface TaggedSocket extends Socket {
  [kStream]: SocketStream;
}

export function tagSocket(socket: Socket, handler: StreamHandler): SocketStream {
  const stream = new SocketStream(socket, handler);
  (socket as TaggedSocket)[kStream] = stream;
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.on('drain', onDrain);
  socket.on('end', onEnd);
  return stream;
}

/** The stream tagSocket attached, for transports that layer on this one. */
export function streamOf(socket: Socket): SocketStream {
  return (socket as TaggedSocket)[kStream];
}

/** The socket is connected: hand the engine its stream. */
export function openSocket(socket: Socket): void {
  const stream = (socket as TaggedSocket)[kStream];
  stream.opened = true;
  stream.handler.onOpen(stream);
}

/** `onread` callback for every socket: `this` is the socket, `buf` the worker's shared buffer. */
export function onClientRead(this: Socket, nread: number, buf: Buffer): boolean {
  (this as TaggedSocket)[kStream].handler.onData(buf.subarray(0, nread));
  return true;
}

/** 'data' listener for an accepted socket whose handle could not move to a reused buffer. */
export function onServerData(this: Socket, chunk: Buffer): void {
  (this as TaggedSocket)[kStream].handler.onData(chunk);
}

export function onConnect(this: Socket): void {
  openSocket(this);
}

function onError(this: Socket, err: Error): void {
  (this as TaggedSocket)[kStream].error = err;
}

function onClose(this: Socket): void {
  const stream = (this as TaggedSocket)[kStream];
  stream.handler.onClose(stream.error);
}

function onDrain(this: Socket): void {
  (this as TaggedSocket)[kStream].handler.onDrain();
}

function onEnd(this: Socket): void {
  (this as TaggedSocket)[kStream].handler.onEnd();
}
