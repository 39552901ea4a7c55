// The command line (CONTRACT.md). Errors reach the user as one line with the contract's exit code.
import { Command, CommanderError } from 'commander';
import { exitCodeOf } from '../errors.js';
import { registerCheck } from './check.js';
import { registerChecks } from './checks-cmd.js';
import { registerCollect } from './collect-cmd.js';
import { registerExporter } from './exporter-cmd.js';
import { registerFix } from './fix-cmd.js';
import { registerFleet } from './fleet-cmd.js';
import { registerRbac } from './rbac-cmd.js';
import { registerServe } from './serve-cmd.js';
import { VERSION } from './version.js';

const debug = process.argv.includes('--debug');

/** Commander's error and its "(Did you mean --output?)" suggestion, as one line. */
function oneLine(s: string): void {
  process.stderr.write(s.split('\n').map((l) => l.trim()).filter(Boolean).join(' ') + '\n');
}

function buildProgram(): Command {
  const program = new Command('arcdoctor')
    .description('Troubleshoots Azure Arc / AKS cluster extensions: GitOps (Flux v2), Azure Monitor Container Insights, Open Service Mesh.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: oneLine });
  registerCheck(program);
  registerChecks(program);
  registerCollect(program);
  registerServe(program);
  registerFix(program);
  registerExporter(program);
  registerRbac(program);
  registerFleet(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: oneLine });
  for (const c of program.commands.flatMap((c) => c.commands)) c.exitOverride();
  return program;
}

// `arcdoctor check | head` closes stdout early: that is the reader's choice, not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      process.exitCode = ok ? 0 : 2;
      return;
    }
    const code = exitCodeOf(err);
    const message = err instanceof Error ? err.message : String(err);
    if (code !== undefined) {
      process.stderr.write(`arcdoctor: ${message}\n`);
      process.exitCode = code;
      return;
    }
    process.stderr.write(`arcdoctor: unexpected error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    process.exitCode = 2;
  }
}

await main();
