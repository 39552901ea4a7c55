// Progress on stderr while reading a cluster: a live line on a TTY, nothing otherwise (stdout carries only the report).

export interface Progress {
  (line: string): void;
  done(): void;
}

export function progressReporter(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  const live = Boolean(stream.isTTY) && !quiet;
  let shown = false;
  const report = ((line: string) => {
    if (!live) return;
    // Some terminals (CI pseudo-TTYs, `script`) report 0 columns: then the line is not cut at all.
    const columns = stream.columns && stream.columns > 1 ? stream.columns : 0;
    stream.write(`\r\u001b[2K${columns ? line.slice(0, columns - 1) : line}`);
    shown = true;
  }) as Progress;
  report.done = () => {
    if (shown) stream.write('\r\u001b[2K');
    shown = false;
  };
  return report;
}
