// A full garbage collection between running the checks and formatting the report. V8 collects the old generation
// only when it nears a limit that grows with the heap, so at 50k pods the dead snapshot (≈ 170 MB) would still be
// in the heap while the report's objects and text are built on top of it: that is the run's peak (docs/performance.md).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this heap size a collection is not worth its pause. */
const WORTH_COLLECTING_BYTES = 96 * 1024 * 1024;

let collect: (() => void) | undefined;

/** Collects now when the heap is big; the caller has dropped its references to what should go. */
export function releaseMemory(): boolean {
  if (process.memoryUsage().heapUsed < WORTH_COLLECTING_BYTES) return false;
  collect ??= exposedGc();
  collect();
  return true;
}

function exposedGc(): () => void {
  // `--expose-gc` at run time gives a fresh context a `gc` global; the main context's globals are left as they are.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
