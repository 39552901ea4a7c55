// Memory at scale (docs/performance.md, "Live check at 50k pods"). Two things V8 does not do by itself:
// - collect the old generation early once the heap is large: by default it lets garbage grow the heap well past
//   what is kept before a full collection (≈ 390 MB peak for 150 MB kept at 50k pods). A slower growth costs CPU
//   on every collection, so it is switched on only when the heap passes LARGE_HEAP_BYTES (never on small clusters);
// - a full collection between running the checks and formatting the report, when the dead snapshot would
//   otherwise still be in the heap while the report is built on top of it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this heap size neither is worth its pauses. */
const LARGE_HEAP_BYTES = 64 * 1024 * 1024;
const WATCH_INTERVAL_MS = 200;

let collect: (() => void) | undefined;
let watching: NodeJS.Timeout | undefined;

/** Collects now when the heap is big; the caller has dropped its references to what should go. */
export function releaseMemory(): boolean {
  if (process.memoryUsage().heapUsed < LARGE_HEAP_BYTES) return false;
  collect ??= exposedGc();
  collect();
  return true;
}

let slowed = false;

/** Switches the slower growth on once the heap is large; true when it is on. */
export function slowGrowthWhenLarge(): boolean {
  if (slowed || process.memoryUsage().heapUsed < LARGE_HEAP_BYTES) return slowed;
  // Read by V8 at every collection, so it takes effect from the next one.
  setFlagsFromString('--heap-growing-percent=20');
  slowed = true;
  stopWatchingHeap();
  return true;
}

/** Looks at the heap every 200 ms while reads run (between pages: a parse is never interrupted). */
export function watchHeap(): void {
  stopWatchingHeap();
  watching = setInterval(slowGrowthWhenLarge, WATCH_INTERVAL_MS).unref();
}

export function stopWatchingHeap(): void {
  if (watching) clearInterval(watching);
  watching = undefined;
}

function exposedGc(): () => void {
  // `--expose-gc` at run time gives a fresh context a `gc` global; the main context's globals are left as they are.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
