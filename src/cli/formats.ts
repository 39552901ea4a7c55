// The --output values, and the one formatter a run needs, loaded when the report is written: `check` without
// -o html never loads the HTML page, and no command's help loads a formatter. src/report/index.ts holds the same
// list with every formatter imported (tests/cli/lazy-formats.test.ts pins the two lists equal).
import type { MultiReport, Report } from '../engine/report-model.js';
import type { TextOptions } from '../report/text.js';

export const OUTPUT_FORMATS = ['text', 'json', 'junit', 'sarif', 'markdown', 'html', 'prometheus'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

type Formatter = (report: Report | MultiReport, opts: TextOptions) => string;

const formatters: Record<Exclude<OutputFormat, 'prometheus'>, () => Promise<Formatter>> = {
  text: async () => {
    const { formatMultiText, formatText } = await import('../report/text.js');
    return (r, o) => ('targets' in r ? formatMultiText(r, o) : formatText(r, o));
  },
  json: async () => (await import('../report/json.js')).formatJson,
  junit: async () => (await import('../report/junit.js')).formatJunit,
  sarif: async () => (await import('../report/sarif.js')).formatSarif,
  markdown: async () => {
    const { formatMarkdown } = await import('../report/markdown.js');
    return (r, o) => formatMarkdown(r, { short: o.short, quiet: o.quiet });
  },
  html: async () => (await import('../report/html.js')).formatHtml,
};

/** The formatter of a validated --output value other than prometheus (its text also names the unreachable targets). */
export function formatterFor(output: Exclude<OutputFormat, 'prometheus'>): Promise<Formatter> {
  return formatters[output]();
}
