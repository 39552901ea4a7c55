// The one hook `collect` calls on every object it writes, and what it then records in snapshot.yaml
// (`redaction:`): what was hidden and how, as counts and flag names, never a value.
import type { KubeObject } from '../snapshot/objects.js';
import { emptyRedactions, ENV_KEPT, REDACTED, redactContainers, SECRET_FLAG_WORDS } from './containers.js';
import { LAST_APPLIED } from './secrets.js';

export interface RedactionRecord {
  replacement: string;
  secrets: string;
  env: { values: number; method: string };
  args: { values: number; flags: string[]; method: string };
  lastAppliedConfiguration: string;
}

export class BundleRedactor {
  private readonly tally = emptyRedactions();

  constructor(private readonly redactEnv: boolean) {}

  redact(obj: KubeObject): KubeObject {
    return redactContainers(obj, this.redactEnv, this.tally);
  }

  get envValues(): number {
    return this.tally.envValues;
  }

  get argValues(): number {
    return this.tally.argValues;
  }

  record(): RedactionRecord {
    return {
      replacement: REDACTED,
      secrets: 'Secret objects are not read and not written',
      env: {
        values: this.tally.envValues,
        method: this.redactEnv
          ? `every container env[].value replaced, but ${[...ENV_KEPT].join(' and ')} (checks compare them); valueFrom references kept`
          : 'kept as read (--no-redact-env)',
      },
      args: {
        values: this.tally.argValues,
        flags: [...this.tally.argFlags].sort(),
        method: `in container command and args, the value of every flag whose name contains ${SECRET_FLAG_WORDS.join(', ')} (any case), as --flag=value, --flag value, or inside a shell command line`,
      },
      lastAppliedConfiguration: `the ${LAST_APPLIED} annotation redacted the same way (dropped when it is not JSON)`,
    };
  }
}
