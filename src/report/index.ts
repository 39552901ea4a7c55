// One formatter per --output value; reporters only format, they never decide statuses or exit codes.
import { UsageError } from '../errors.js';
import type { MultiReport, Report } from '../engine/report-model.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatPrometheus } from './prometheus.js';
import { formatSarif } from './sarif.js';
import { formatMultiText, formatText, type TextOptions } from './text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown', 'html', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Formatter = (report: Report | MultiReport, opts: TextOptions) => string;

const formatters: Record<OutputFormat, Formatter> = {
  text: (r, o) => ('targets' in r ? formatMultiText(r, o) : formatText(r, o)),
  json: (r) => formatJson(r),
  junit: (r) => formatJunit(r),
  sarif: (r) => formatSarif(r),
  markdown: (r, o) => formatMarkdown(r, { short: o.short, quiet: o.quiet }),
  html: (r) => formatHtml(r),
  prometheus: (r) => formatPrometheus(r),
};

export function format(report: Report | MultiReport, output: string, opts: TextOptions): string {
  const f = formatters[output as OutputFormat];
  if (!f) throw new UsageError(`--output ${output}: unknown format (one of ${Object.keys(formatters).join(', ')})`);
  return f(report, opts);
}
