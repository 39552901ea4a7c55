import { expect, it } from 'vitest';
import { releaseMemory } from '../../src/cli/release-memory.js';

it('does nothing while the heap is small', () => {
  if (process.memoryUsage().heapUsed >= 96 * 1024 * 1024) throw new Error('the test process heap is already large');
  expect(releaseMemory()).toBe(false);
});

it('collects the garbage of a large heap at once, without waiting for V8 to reach its limit', () => {
  let garbage: string[][] | undefined = Array.from({ length: 200 }, (_, i) => Array.from({ length: 5000 }, (_, j) => `pod-${i}-${j}-${'x'.repeat(64)}`));
  const big = process.memoryUsage().heapUsed;
  expect(big).toBeGreaterThan(96 * 1024 * 1024);
  expect(garbage).toHaveLength(200);
  garbage = undefined;
  expect(releaseMemory()).toBe(true);
  expect(process.memoryUsage().heapUsed).toBeLessThan(big - 64 * 1024 * 1024);
});
