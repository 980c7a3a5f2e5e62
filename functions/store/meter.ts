/**
 * The per-request capacity meter: an AsyncLocalStorage scope the HTTP kit opens around each
 * request, which the DynamoDB client (client.ts) adds every call's consumed capacity to. Kept
 * apart from the client so that routes that never touch the table do not load the SDK.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CapacityMeter {
  /** Capacity units, as DynamoDB reports them. */
  read: number;
  write: number;
  calls: number;
  /** Items returned by reads, and items written (put, updated or deleted). */
  itemsRead: number;
  itemsWritten: number;
  /**
   * Aborted once the request has been answered without its handler (middy's early timeout
   * answers 503 while the handler may still be running): the client then refuses every further
   * call, so nothing is written after the caller was told it was not.
   */
  signal?: AbortSignal;
}

const meters = new AsyncLocalStorage<CapacityMeter>();

/** Runs `fn` with a fresh meter; returns what it consumed alongside its result. */
export const metered = <T>(fn: () => Promise<T>): Promise<T> & { meter: CapacityMeter } => {
  const meter: CapacityMeter = { read: 0, write: 0, calls: 0, itemsRead: 0, itemsWritten: 0 };
  const p = meters.run(meter, fn) as Promise<T> & { meter: CapacityMeter };
  p.meter = meter;
  return p;
};

export const currentMeter = (): CapacityMeter | undefined => meters.getStore();
