// Ends the run with one plain line, `N passed, N failed[, N skipped]`, that any CI log reader understands.
import type { Reporter } from 'vitest/reporters';

interface TaskLike {
  type: string;
  mode?: string;
  result?: { state?: string };
  tasks?: TaskLike[];
}

export default class SummaryReporter implements Reporter {
  onFinished(files: TaskLike[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const walk = (t: TaskLike) => {
      if (t.type === 'test') {
        const state = t.result?.state;
        if (state === 'pass') counts.passed++;
        else if (state === 'fail') counts.failed++;
        else counts.skipped++;
      }
      for (const child of t.tasks ?? []) walk(child);
    };
    files.forEach(walk);
    const failedFiles = files.filter((f) => f.result?.state === 'fail' && !(f.tasks ?? []).length).length;
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed + failedFiles} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`);
  }
}
