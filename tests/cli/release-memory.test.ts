import { expect, it } from 'vitest';
import { getHeapStatistics } from 'node:v8';
import { releaseMemory, slowGrowthWhenLarge } from '../../src/cli/release-memory.js';

const LARGE = 64 * 1024 * 1024;

it('does nothing while the heap is small', () => {
  if (process.memoryUsage().heapUsed >= LARGE) throw new Error('the test process heap is already large');
  expect(releaseMemory()).toBe(false);
  expect(slowGrowthWhenLarge()).toBe(false);
});

it('on a large heap: slows the heap growth once, and collects the garbage at once', () => {
  let garbage: string[][] | undefined = Array.from({ length: 150 }, (_, i) => Array.from({ length: 5000 }, (_, j) => `pod-${i}-${j}-${'x'.repeat(64)}`));
  const big = process.memoryUsage().heapUsed;
  expect(big).toBeGreaterThan(LARGE);
  expect(slowGrowthWhenLarge()).toBe(true);
  expect(slowGrowthWhenLarge()).toBe(true);
  expect(garbage).toHaveLength(150);
  garbage = undefined;
  expect(releaseMemory()).toBe(true);
  expect(process.memoryUsage().heapUsed).toBeLessThan(big - 48 * 1024 * 1024);
  expect(getHeapStatistics().used_heap_size).toBeLessThan(LARGE);
});
