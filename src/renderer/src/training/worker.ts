/// <reference lib="webworker" />
/** The training worker: runs a TrainingHost off the UI thread. */
import type { ClientMessage } from '../../../session/protocol.js';
import { TrainingHost } from '../../../session/host.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const channel = new MessageChannel();
let next: (() => void) | null = null;
channel.port1.onmessage = () => {
  const fn = next;
  next = null;
  fn?.();
};

const host = new TrainingHost({
  post: (message, transfer) => scope.postMessage(message, transfer),
  yieldThen: (fn) => {
    next = fn;
    channel.port2.postMessage(null);
  },
  later: (fn, ms) => setTimeout(fn, ms),
  now: () => performance.now(),
});

scope.onmessage = (event: MessageEvent<ClientMessage>) => host.handle(event.data);
