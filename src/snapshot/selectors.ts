// Kubernetes label selectors, both the query-string form (`app=x,tier in (a,b),!legacy`) and the object form
// (`matchLabels` / `matchExpressions`), with the API server's semantics.

export type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

export class SelectorSyntaxError extends Error {}

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`. An empty string selects everything. */
export function parseLabelSelector(text: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const p = part.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s=!(),]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      reqs.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') });
    } else if ((m = p.match(/^([^\s=!(),]+)\s*!=\s*([^\s=!(),]*)$/))) {
      reqs.push({ key: m[1], op: 'notin', values: [m[2]] });
    } else if ((m = p.match(/^([^\s=!(),]+)\s*==?\s*([^\s=!(),]*)$/))) {
      reqs.push({ key: m[1], op: 'in', values: [m[2]] });
    } else if ((m = p.match(/^!\s*([^\s=!(),]+)$/))) {
      reqs.push({ key: m[1], op: 'notexists' });
    } else if ((m = p.match(/^([^\s=!(),]+)$/))) {
      reqs.push({ key: m[1], op: 'exists' });
    } else {
      throw new SelectorSyntaxError(`unable to parse requirement: "${p}"`);
    }
  }
  return reqs;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export function matchesRequirements(labels: Record<string, string> | undefined, reqs: Requirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
    }
  });
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** The object form used by Deployments, webhooks and Gatekeeper `match`. An empty selector selects everything. */
export function requirementsOf(selector: LabelSelectorObject | undefined | null): Requirement[] {
  if (!selector) return [];
  const reqs: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'in' as const, values: [String(v)] }));
  for (const e of selector.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'in' || op === 'notin') reqs.push({ key: e.key, op, values: (e.values ?? []).map(String) });
    else if (op === 'exists') reqs.push({ key: e.key, op: 'exists' });
    else if (op === 'doesnotexist') reqs.push({ key: e.key, op: 'notexists' });
  }
  return reqs;
}

export function matchesSelector(labels: Record<string, string> | undefined, selector: string | LabelSelectorObject | undefined | null): boolean {
  const reqs = typeof selector === 'string' ? parseLabelSelector(selector) : requirementsOf(selector);
  return matchesRequirements(labels, reqs);
}
