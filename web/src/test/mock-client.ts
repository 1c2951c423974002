// A real urql Client whose only exchange answers from a function: typed, no network, no casts.
import { Client, type Exchange, type ExecutionResult, makeResult, type Operation } from '@urql/core';
import { filter, fromPromise, fromValue, map, mergeMap, pipe } from 'wonka';

export type MockHandler = (operation: Operation) => ExecutionResult | Promise<ExecutionResult>;

export function mockClient(handler: MockHandler): Client {
  const mockExchange: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== 'teardown'),
      mergeMap((operation) => {
        const answer = handler(operation);
        const answer$ = answer instanceof Promise ? fromPromise(answer) : fromValue(answer);
        return pipe(
          answer$,
          map((result) => makeResult(operation, result)),
        );
      }),
    );
  return new Client({ url: 'http://portal.test/graphql', exchanges: [mockExchange] });
}

/** A promise to resolve by hand, for holding a request in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** The operation's name, as written in its document ("HoldEntry"). */
export function operationName(operation: Operation): string | undefined {
  for (const definition of operation.query.definitions) {
    if (definition.kind === 'OperationDefinition') return definition.name?.value;
  }
  return undefined;
}
