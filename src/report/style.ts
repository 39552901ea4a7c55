// Colour and marks for terminal output: colour only on a TTY, never with NO_COLOR or --no-color.
import type { Status } from '../checks/define.js';

export interface Style {
  color: boolean;
}

export function styleFor(stream: NodeJS.WriteStream, noColorFlag: boolean, env: NodeJS.ProcessEnv = process.env): Style {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const disabled = noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  return { color: !disabled && (forced || Boolean(stream.isTTY)) };
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;
export type Paint = keyof typeof codes;

export function paint(style: Style, what: Paint, text: string): string {
  return style.color ? `\u001b[${codes[what]}m${text}\u001b[0m` : text;
}

export const MARKS: Record<Status, { mark: string; color: Paint; word: string }> = {
  pass: { mark: '√', color: 'green', word: 'pass' },
  warn: { mark: '‼', color: 'yellow', word: 'warn' },
  fail: { mark: '×', color: 'red', word: 'FAIL' },
  skip: { mark: '-', color: 'gray', word: 'skip' },
  error: { mark: '?', color: 'magenta', word: 'error' },
};
