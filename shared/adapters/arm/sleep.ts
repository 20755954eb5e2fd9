/** Waiting between attempts, cancellable through an abort signal (the SDK's `AbortSignalLike` shape). */

export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export type Sleep = (ms: number, signal?: AbortSignalLike) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new Error('The operation was aborted.'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('The operation was aborted.'));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort);
  });
