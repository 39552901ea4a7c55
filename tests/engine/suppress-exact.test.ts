// Suppressions (CONTRACT.md), exactly: the accepted forms, the usage errors word for word, globs, and the
// `arcdoctor.io/suppress` annotation.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/checks/define.js';
import { annotationSuppressions, parseSuppression, SUPPRESS_ANNOTATION, suppressesCheck, suppressesFinding, type Suppression } from '../../src/engine/suppress.js';
import { UsageError } from '../../src/errors.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';

const ids = new Set(['OSM013', 'FLUX002', 'AZ003']);
const parse = (text: string) => parseSuppression(text, '--suppress', ids);
const finding = (kind: string, namespace: string | undefined, name: string): Finding => ({ status: 'fail', message: 'm', object: { kind, namespace, name } });
const hits = (text: string, f: Finding, id = text.split(':')[0].trim().toUpperCase()) => suppressesFinding([parse(text)], new Map(), id, f);

describe('parseSuppression', () => {
  it('a bare ID, trimmed and upper-cased, suppresses the whole check', () => {
    expect(parse('  osm013 ')).toEqual({ id: 'OSM013', source: '--suppress' });
  });

  it('an unknown ID is a usage error naming the source, the ID as written and the text', () => {
    expect(() => parseSuppression('osm999:Namespace/x', '.arcdoctor.yaml', ids)).toThrow(
      new UsageError('.arcdoctor.yaml: unknown check ID "osm999" in suppression "osm999:Namespace/x" (see arcdoctor checks list)'),
    );
    expect(() => parse('osm999')).toThrow(UsageError);
  });

  it.each(['OSM013:Namespace', 'OSM013:a/b/c/d', 'OSM013:/name', 'OSM013:Kind/', 'OSM013:/ns/name', 'OSM013:Kind/ns/', 'OSM013:'])(
    'rejects %s with the expected form',
    (text) => {
      expect(() => parse(text)).toThrow(new UsageError(`--suppress: suppression "${text}" must be ID or ID:Kind/namespace/name (Kind/name for cluster-scoped objects)`));
    },
  );

  it('Kind/name is any namespace; Kind/namespace/name one; Kind//name an empty namespace glob (any)', () => {
    const two = parse('OSM013:Namespace/bookstore');
    expect(two.object?.namespace).toBeUndefined();
    expect(two.object?.kind.source).toBe('^Namespace$');
    expect(two.object?.kind.flags).toBe('i');
    expect(two.object?.name.source).toBe('^bookstore$');
    const three = parse('OSM013:Pod/team-*/web-?');
    expect(three.object?.namespace?.source).toBe('^team-.*$');
    expect(three.object?.namespace?.flags).toBe('');
    expect(three.object?.name.source).toBe('^web-.$');
    expect(three.object?.name.flags).toBe('');
    expect(parse('OSM013:Pod//web').object?.namespace).toBeUndefined();
  });

  it('a text that starts with the colon has an empty ID', () => {
    expect(() => parse(':OSM013')).toThrow(new UsageError('--suppress: unknown check ID "" in suppression ":OSM013" (see arcdoctor checks list)'));
  });

  it('only the first colon splits the ID from the object', () => {
    expect(parse('OSM013:Pod/ns/a:b').object?.name.source).toBe('^a:b$');
  });
});

describe('globs and matching', () => {
  it('kinds match case-insensitively, names and namespaces exactly', () => {
    expect(hits('OSM013:namespace/bookstore', finding('Namespace', undefined, 'bookstore'))).toBe(true);
    expect(hits('OSM013:Namespace/Bookstore', finding('Namespace', undefined, 'bookstore'))).toBe(false);
    expect(hits('OSM013:Pod/Team/web', finding('Pod', 'team', 'web'))).toBe(false);
    expect(hits('OSM013:Pod/team/web', finding('Pod', 'team', 'web'))).toBe(true);
  });

  it('the whole value must match (anchored), for kind, namespace and name', () => {
    expect(hits('OSM013:Pod/team/web', finding('Pod', 'team', 'web-1'))).toBe(false);
    expect(hits('OSM013:Pod/team/web', finding('Pod', 'team', 'a-web'))).toBe(false);
    expect(hits('OSM013:Pod/team/web', finding('Pod', 'team-a', 'web'))).toBe(false);
    expect(hits('OSM013:Pod/team/web', finding('PodX', 'team', 'web'))).toBe(false);
    expect(hits('OSM013:Pod/team/web', finding('XPod', 'team', 'web'))).toBe(false);
  });

  it('* is any run of characters, ? exactly one, and regex characters are literal', () => {
    expect(hits('OSM013:Pod/*/web-*', finding('Pod', 'any', 'web-'))).toBe(true);
    expect(hits('OSM013:Pod/*/web-*', finding('Pod', 'any', 'web-abc'))).toBe(true);
    expect(hits('OSM013:Pod/x/web-?', finding('Pod', 'x', 'web-1'))).toBe(true);
    expect(hits('OSM013:Pod/x/web-?', finding('Pod', 'x', 'web-'))).toBe(false);
    expect(hits('OSM013:Pod/x/web-?', finding('Pod', 'x', 'web-12'))).toBe(false);
    expect(hits('OSM013:Pod/x/a.b', finding('Pod', 'x', 'a.b'))).toBe(true);
    expect(hits('OSM013:Pod/x/a.b', finding('Pod', 'x', 'axb'))).toBe(false);
    for (const name of ['a+b', 'a^b', 'a$b', 'a{1}', 'a(b)', 'a|b', 'a[b]', 'a\\b']) {
      expect(hits(`OSM013:Pod/x/${name}`, finding('Pod', 'x', name)), name).toBe(true);
    }
    expect(hits('OSM013:Pod/x/a+b', finding('Pod', 'x', 'aab'))).toBe(false);
    expect(hits('OSM013:Pod/x/a|b', finding('Pod', 'x', 'a'))).toBe(false);
    expect(hits('OSM013:Pod/x/a[b]', finding('Pod', 'x', 'ab'))).toBe(false);
  });

  it('a namespace glob meets a cluster-scoped object as the empty namespace', () => {
    expect(hits('OSM013:Namespace/*/bookstore', finding('Namespace', undefined, 'bookstore'))).toBe(true);
    expect(hits('OSM013:Namespace/?*/bookstore', finding('Namespace', undefined, 'bookstore'))).toBe(false);
    expect(hits('OSM013:Namespace/bookstore', finding('Namespace', undefined, 'bookstore'))).toBe(true);
  });

  it('an object suppression applies to its own check only, and never to a finding without an object', () => {
    expect(hits('OSM013:Namespace/bookstore', finding('Namespace', undefined, 'bookstore'), 'FLUX002')).toBe(false);
    expect(suppressesFinding([parse('OSM013:Namespace/*')], new Map(), 'OSM013', { status: 'warn', message: 'no object' })).toBe(false);
  });

  it('a bare-ID suppression suppresses the check, never a finding by object', () => {
    const whole = [parse('OSM013')];
    expect(suppressesCheck(whole, 'OSM013')).toBe(true);
    expect(suppressesCheck(whole, 'FLUX002')).toBe(false);
    expect(suppressesFinding(whole, new Map(), 'OSM013', finding('Namespace', undefined, 'x'))).toBe(false);
    expect(suppressesCheck([parse('OSM013:Namespace/x')], 'OSM013')).toBe(false);
    expect(suppressesCheck([] as Suppression[], 'OSM013')).toBe(false);
  });
});

describe('the suppress annotation', () => {
  const ns = (name: string, value?: string, namespace?: string) => ({
    apiVersion: 'v1', kind: namespace ? 'ConfigMap' : 'Namespace', metadata: { name, ...(namespace ? { namespace } : {}), ...(value === undefined ? {} : { annotations: { [SUPPRESS_ANNOTATION]: value } }) },
  });

  it('reads a comma list, trimmed and upper-cased, empty entries dropped, per object', () => {
    const snap = new Snapshot({ objects: [ns('bookstore', ' osm013 , ,flux002,'), ns('plain'), ns('cm', 'az003', 'team'), ns('blank', '')] });
    const a = annotationSuppressions(snap, ids);
    expect([...a.keys()]).toEqual(['Namespace//bookstore', 'ConfigMap/team/cm']);
    expect([...a.get('Namespace//bookstore')!]).toEqual(['OSM013', 'FLUX002']);
    expect(suppressesFinding([], a, 'OSM013', finding('Namespace', undefined, 'bookstore'))).toBe(true);
    expect(suppressesFinding([], a, 'FLUX002', finding('Namespace', undefined, 'bookstore'))).toBe(true);
    expect(suppressesFinding([], a, 'AZ003', finding('Namespace', undefined, 'bookstore'))).toBe(false);
    expect(suppressesFinding([], a, 'AZ003', finding('ConfigMap', 'team', 'cm'))).toBe(true);
    expect(suppressesFinding([], a, 'AZ003', finding('ConfigMap', 'other', 'cm'))).toBe(false);
    expect(suppressesFinding([], a, 'OSM013', finding('Namespace', undefined, 'plain'))).toBe(false);
  });

  it('an unknown ID is a usage error naming the object, namespaced or not', () => {
    expect(() => annotationSuppressions(new Snapshot({ objects: [ns('bookstore', 'OSM013, nope9')] }), ids)).toThrow(
      new UsageError('annotation arcdoctor.io/suppress on Namespace bookstore: unknown check ID "NOPE9"'),
    );
    expect(() => annotationSuppressions(new Snapshot({ objects: [ns('cm', 'x1', 'team')] }), ids)).toThrow(
      new UsageError('annotation arcdoctor.io/suppress on ConfigMap team/cm: unknown check ID "X1"'),
    );
  });
});
