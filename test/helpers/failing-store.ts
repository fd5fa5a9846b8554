/** A store whose writes fail on demand, for the tests of DESIGN §8's "a database error during submission". */
import type { Store, StoreTx } from '../../src/ports/store.ts';

/**
 * Makes `repository.method` throw once, inside the next transactions, as a database failing in the
 * middle of a write would; returns a function that puts the store back.
 */
export function failOnceInTransaction(
  store: Store,
  repository: 'reports' | 'outbox',
  method: 'insert' | 'add',
): () => void {
  const transaction = store.transaction.bind(store);
  let armed = true;
  const sabotage = (tx: StoreTx): StoreTx =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        const repo: unknown = Reflect.get(target, prop, receiver);
        if (prop !== repository || typeof repo !== 'object' || repo === null) return repo;
        return new Proxy(repo, {
          get(inner, name) {
            const value: unknown = Reflect.get(inner, name);
            if (name === method && armed)
              return async () => {
                armed = false;
                throw new Error('SQLITE_IOERR: disk I/O error');
              };
            return typeof value === 'function' ? value.bind(inner) : value;
          },
        });
      },
    });
  Object.assign(store, {
    transaction: <T>(work: (tx: StoreTx) => Promise<T>) => transaction((tx) => work(sabotage(tx))),
  });
  return () => Object.assign(store, { transaction });
}
