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
    const width = (stream.columns ?? 100) - 1;
    stream.write(`\r\u001b[2K${line.slice(0, width)}`);
    shown = true;
  }) as Progress;
  report.done = () => {
    if (shown) stream.write('\r\u001b[2K');
    shown = false;
  };
  return report;
}
