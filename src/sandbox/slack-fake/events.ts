/** The fake's change stream, typed by {@link SlackFakeEvents}, so a page or a test can follow the workspace. */
import { EventEmitter } from 'node:events';
import type { SlackFakeEvents } from './types.ts';

/** Typed events over Node's emitter, with a promise helper for tests. */
export class SlackFakeEventStream {
  #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  /** Follows one kind of change; the returned function stops following. */
  on<K extends keyof SlackFakeEvents>(event: K, listener: (payload: SlackFakeEvents[K]) => void): () => void {
    this.#emitter.on(event, listener);
    return () => {
      this.#emitter.off(event, listener);
    };
  }

  /** Resolves with the first `event` whose payload passes `predicate`, or rejects after `timeoutMs`. */
  waitFor<K extends keyof SlackFakeEvents>(
    event: K,
    predicate: (payload: SlackFakeEvents[K]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SlackFakeEvents[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no ${event} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.on(event, (payload) => {
        if (!predicate(payload)) return;
        clearTimeout(timer);
        stop();
        resolve(payload);
      });
    });
  }

  /** Emits a change to every follower. */
  emit<K extends keyof SlackFakeEvents>(event: K, payload: SlackFakeEvents[K]): void {
    this.#emitter.emit(event, payload);
  }
}
