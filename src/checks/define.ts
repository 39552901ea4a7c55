// The shape of a check (ESLint's rule model): metadata as data beside one pure function from a snapshot to an outcome.
import type { KubeObject, ObjectRef } from '../snapshot/objects.js';
import type { ResourceType } from '../snapshot/resources.js';
import type { ReadFailure, Snapshot } from '../snapshot/snapshot.js';

export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';
export type Area = 'k8s' | 'azure' | 'flux' | 'ama' | 'osm';
export const AREAS: readonly Area[] = ['k8s', 'azure', 'flux', 'ama', 'osm'];

/** What a check saw: the object (`apiVersion/Kind namespace/name`), the field, what it saw and what it expected. */
export interface Evidence {
  ref: string;
  path?: string;
  observed?: unknown;
  expected?: unknown;
}

export interface Remediation {
  text: string;
  commands: string[];
}

/** A change `arcdoctor fix` can apply: a cluster change (server-side dry-run first) or an ARM request (`fix --azure`). */
export type FixAction = ClusterFixAction | ArmFixAction;

/** A change to a cluster object: always a server-side dry-run first, then with consent. */
export interface ClusterFixAction {
  kind?: 'cluster';
  title: string;
  /** Said before consent is asked, e.g. that a webhook must truly have no side effects. */
  warning?: string;
  target: Required<Pick<ObjectRef, 'apiVersion' | 'kind' | 'name'>> & { namespace?: string };
  /** `apply` is a server-side apply (the whole object, created when absent). */
  patchType: 'merge' | 'json' | 'strategic' | 'apply';
  patch: unknown;
  /** Why `fix --undo` cannot put this change back (a restart, a reconcile request, an object created), and what to do instead. */
  notUndoable?: string;
  /** What a controller must still carry out after the write (a rollout, a reconcile), said after applying. */
  waitFor?: string;
  /** A change some set on purpose: applied only when the user names this key (`fix --meshconfig-reset KEY`). */
  optIn?: string;
}

/** One ARM request, exactly as sent: `{endpoint}{path}?api-version={apiVersion}` with `body` as JSON. */
export interface ArmRequest {
  method: 'POST' | 'PATCH';
  path: string;
  apiVersion: string;
  body?: unknown;
}

/** Changes in Azure (`fix --azure`): ARM has no dry-run, so the exact requests are shown before consent. */
export interface ArmFixAction {
  kind: 'arm';
  title: string;
  warning?: string;
  /** Sent in order; the first refusal stops the rest. */
  requests: ArmRequest[];
  /** The request that puts the previous state back (`fix --undo`), when it can be expressed... */
  undo?: ArmRequest;
  /** ...otherwise why not, and what to do instead (a provider registration is never undone). */
  notUndoable?: string;
  /** A resource whose provisioningState is polled to an end state after the requests. */
  poll?: { path: string; apiVersion: string };
  /** What Azure must still carry out (a registration takes minutes), said after applying. */
  waitFor?: string;
}

/** One problem about one object. Suppressions by object remove findings; the result follows what is left. */
export interface Finding {
  status: 'warn' | 'fail';
  object?: ObjectRef;
  message: string;
  evidence?: Evidence[];
  commands?: string[];
  fixes?: FixAction[];
}

export interface CheckOutcome {
  status: Status;
  message: string;
  evidence?: Evidence[];
  remediation?: Remediation;
  findings?: Finding[];
  /** Extra lines shown under a passing result (e.g. non-default MeshConfig values). */
  notes?: string[];
  fixes?: FixAction[];
}

export interface CheckContext {
  /** The clock, passed in so checks stay pure. */
  now: Date;
  /** The checks of this run, for checks that speak about others (K8S001 lists what a refused read degrades). */
  catalog: readonly CheckDefinition[];
  /**
   * For checks marked `readsResults` (K8S001): what the other checks of this run concluded and which failed reads
   * each result rests on, so what K8S001 says about them is exactly what the report shows.
   */
  results?: readonly ResultOfRun[];
}

/** One check's result as another check sees it: its status and the failed reads it names. */
export interface ResultOfRun {
  id: string;
  status: Status;
  /** The failed reads that made it `error`, or that it decided without (then it says so in a note). */
  unread: readonly ReadFailure[];
}

/** A resource type a check reads; the live source lists each type once, however many checks need it. */
export interface ReadNeed {
  type: ResourceType;
  namespace?: string;
  selector?: string;
}

/**
 * Container logs a check reads: the tail of matching pods' containers (and their previous instance).
 * The live source lists first, then reads only the logs whose `when` holds for the listed objects (issue #13), so a
 * healthy cluster reads almost no logs. The engine evaluates the same need on the final snapshot: a log it needed
 * that could not be read (refused, failed, timed out) is a missing input (issue #10).
 */
export interface LogNeed {
  namespace?: string;
  selector: string;
  container?: string;
  tailLines?: number;
  /**
   * true: the verdict rests on this log (a clean log is what lets the check pass), so a needed log that could not be
   * read turns a pass or skip into `error`. false: the log only explains a failure the check sees in the objects.
   */
  decisive: boolean;
  /** Whether this pod's log is worth reading, from the listed objects; absent means always. Pure. */
  when?: (pod: KubeObject, snap: Snapshot) => boolean;
}

export interface CheckDefinition {
  id: string;
  area: Area;
  title: string;
  /** The section of the troubleshooting guide this check automates (as titled in the Portuguese guide). */
  guide: string;
  reads: ReadNeed[];
  /** API groups read whole, whatever their kinds (Gatekeeper constraints). */
  readsGroups?: string[];
  logs?: LogNeed[];
  /** ARM resource types the check reads (`Microsoft.KubernetesConfiguration/extensions`). */
  azure?: string[];
  fixable: boolean;
  /** Runs even when its area is absent (FLUX007: a Flux v1-only cluster is exactly its case). */
  runsWhenAreaAbsent?: boolean;
  /** Runs after every other check and sees their results in `ctx.results` (K8S001). */
  readsResults?: boolean;
  run(snap: Snapshot, ctx: CheckContext): CheckOutcome;
}

export function defineCheck(def: CheckDefinition): CheckDefinition {
  return def;
}

/** Whether an area applies to a snapshot; when it does not, all its checks skip with this reason. */
export interface AreaDefinition {
  id: Area;
  title: string;
  /**
   * What `applies` reads. "Not installed" is only believed when every one of these was read: when one failed, the
   * area's checks end in `error` naming it. The live source reads these whenever one of the area's checks runs
   * (`--check ID` included).
   */
  detects: ReadNeed[];
  applies(snap: Snapshot): { applies: true } | { applies: false; reason: string };
}

type Extra = Omit<CheckOutcome, 'status' | 'message'>;

export const pass = (message: string, extra: Extra = {}): CheckOutcome => ({ status: 'pass', message, ...extra });
export const warn = (message: string, extra: Extra = {}): CheckOutcome => ({ status: 'warn', message, ...extra });
export const fail = (message: string, extra: Extra = {}): CheckOutcome => ({ status: 'fail', message, ...extra });
export const skip = (message: string): CheckOutcome => ({ status: 'skip', message });
export const error = (message: string): CheckOutcome => ({ status: 'error', message });

/**
 * The usual outcome of a check that inspects several objects: pass when nothing was found, otherwise the worst
 * finding's status, a message that counts them, and every finding's evidence and commands.
 */
export function fromFindings(
  findings: Finding[],
  opts: { pass: string; remediation: string; notes?: string[]; evidence?: Evidence[] },
): CheckOutcome {
  if (findings.length === 0) return pass(opts.pass, { notes: opts.notes, evidence: opts.evidence });
  return {
    status: findings.some((f) => f.status === 'fail') ? 'fail' : 'warn',
    message: summarizeFindings(findings),
    evidence: findings.flatMap((f) => f.evidence ?? []),
    remediation: { text: opts.remediation, commands: unique(findings.flatMap((f) => f.commands ?? [])) },
    findings,
    fixes: findings.flatMap((f) => f.fixes ?? []),
    notes: opts.notes,
  };
}

export function summarizeFindings(findings: Finding[]): string {
  if (findings.length === 1) return findings[0].message;
  const first = findings[0].message;
  return `${findings.length} problems: ${first}; and ${findings.length - 1} more`;
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
