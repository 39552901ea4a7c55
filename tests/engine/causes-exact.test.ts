// Root-cause folding, exactly (src/engine/causes.ts): which results are problems, which links hold, how a chain
// folds under its first root, and the `why` sentence. Links are given per test so each rule is seen alone.
import { describe, expect, it } from 'vitest';
import { CAUSE_LINKS, type CauseLink } from '../../src/checks/causes.js';
import { findCauses } from '../../src/engine/causes.js';
import type { CheckResult } from '../../src/engine/report-model.js';

const result = (id: string, status: CheckResult['status'], refs: string[] = [], over: Partial<CheckResult> = {}): CheckResult => ({
  id, area: 'osm', title: id, status, message: id, evidence: refs.map((ref) => ({ ref })), fixable: false, suppressed: false, docs: '', guide: '', selected: true, ...over,
});
const chain = (cause: string, consequences: string[], why = `${cause} explains ${consequences.join(', ')}`): CauseLink => ({ cause, consequences, link: 'chain', why });

describe('which results are problems', () => {
  it('fail, warn and error are; pass and skip are not; unselected and suppressed results are left out', () => {
    const causes = findCauses(
      [
        result('A', 'fail'), result('B', 'warn'), result('C', 'error'), result('D', 'pass'), result('E', 'skip'),
        result('F', 'fail', [], { selected: false }), result('G', 'fail', [], { suppressed: true }),
      ],
      [],
    );
    expect(causes).toEqual([
      { root: 'A', consequences: [], why: '' },
      { root: 'B', consequences: [], why: '' },
      { root: 'C', consequences: [], why: '' },
    ]);
  });

  it('a link to a consequence that is no problem, or from a cause that is none, folds nothing', () => {
    const links = [chain('A', ['B']), chain('C', ['D'])];
    expect(findCauses([result('A', 'fail'), result('B', 'pass'), result('C', 'pass'), result('D', 'warn')], links)).toEqual([
      { root: 'A', consequences: [], why: '' },
      { root: 'D', consequences: [], why: '' },
    ]);
  });

  it('an error explains nothing: both stay roots', () => {
    expect(findCauses([result('A', 'error'), result('B', 'fail')], [chain('A', ['B'])]).map((c) => c.root)).toEqual(['A', 'B']);
  });

  it('an error can be explained by a real problem', () => {
    expect(findCauses([result('A', 'warn'), result('B', 'error')], [chain('A', ['B'], 'a explains b')])).toEqual([{ root: 'A', consequences: ['B'], why: 'A explains b.' }]);
  });

  it('a link from a result to itself is ignored: the result stays a root', () => {
    expect(findCauses([result('A', 'fail')], [chain('A', ['A'])])).toEqual([{ root: 'A', consequences: [], why: '' }]);
  });
});

describe('folding', () => {
  it('follows a chain transitively, each why once, capitalised and ended with a full stop', () => {
    const links = [chain('B', ['C'], 'b explains c'), chain('A', ['B'], 'a explains b')];
    expect(findCauses([result('A', 'fail'), result('B', 'fail'), result('C', 'warn')], links)).toEqual([
      { root: 'A', consequences: ['B', 'C'], why: 'A explains b; b explains c.' },
    ]);
  });

  it('two consequences of one link share its why, said once', () => {
    expect(findCauses([result('A', 'fail'), result('B', 'fail'), result('C', 'fail')], [chain('A', ['B', 'C'], 'same reason')])).toEqual([
      { root: 'A', consequences: ['B', 'C'], why: 'Same reason.' },
    ]);
  });

  it('two links from one cause both count', () => {
    const links = [chain('A', ['B'], 'first'), chain('A', ['C'], 'second')];
    expect(findCauses([result('A', 'fail'), result('B', 'fail'), result('C', 'fail')], links)).toEqual([
      { root: 'A', consequences: ['B', 'C'], why: 'First; second.' },
    ]);
  });

  it('a consequence two roots reach is folded under the first root only', () => {
    const links = [chain('A', ['C'], 'a explains c'), chain('B', ['C'], 'b explains c')];
    expect(findCauses([result('A', 'fail'), result('B', 'warn'), result('C', 'fail')], links)).toEqual([
      { root: 'A', consequences: ['C'], why: 'A explains c.' },
      { root: 'B', consequences: [], why: '' },
    ]);
  });

  it('a diamond lists its bottom once', () => {
    const links = [chain('A', ['B', 'C'], 'top'), chain('B', ['D'], 'left'), chain('C', ['D'], 'right')];
    expect(findCauses(['A', 'B', 'C', 'D'].map((id) => result(id, 'fail')), links)).toEqual([{ root: 'A', consequences: ['B', 'C', 'D'], why: 'Top; left.' }]);
  });

  it('uses the declared catalog links by default', () => {
    expect(findCauses([result('OSM002', 'fail'), result('OSM001', 'fail'), result('OSM004', 'warn')])).toEqual([
      { root: 'OSM002', consequences: ['OSM001', 'OSM004'], why: `${CAUSE_LINKS[1].why.charAt(0).toUpperCase()}${CAUSE_LINKS[1].why.slice(1)}; ${CAUSE_LINKS[2].why}.` },
    ]);
  });
});

describe('link conditions', () => {
  const shared = (cause: string, consequences: string[]): CauseLink => ({ cause, consequences, link: 'shared-object', why: 'shared' });
  const sameNs = (cause: string, consequences: string[]): CauseLink => ({ cause, consequences, link: 'same-namespace', why: 'same namespace' });

  it('shared-object holds only when some evidence ref is in both', () => {
    const b = result('B', 'fail', ['v1/Pod ns/b', 'v1/Event ns/e1']);
    expect(findCauses([result('A', 'fail', ['v1/Pod ns/a', 'v1/Event ns/e1']), b], [shared('A', ['B'])])).toEqual([{ root: 'A', consequences: ['B'], why: 'Shared.' }]);
    expect(findCauses([result('A', 'fail', ['v1/Pod ns/a', 'v1/Event ns/e2']), b], [shared('A', ['B'])]).map((c) => c.root)).toEqual(['A', 'B']);
    expect(findCauses([result('A', 'fail'), b], [shared('A', ['B'])]).map((c) => c.root)).toEqual(['A', 'B']);
  });

  it('same-namespace holds when the cause names a Namespace the consequence has an object in', () => {
    const pod = result('B', 'fail', ['v1/Pod arc-osm-system/osm-controller-1']);
    expect(findCauses([result('A', 'warn', ['v1/Namespace arc-osm-system']), pod], [sameNs('A', ['B'])])).toEqual([{ root: 'A', consequences: ['B'], why: 'Same namespace.' }]);
    expect(findCauses([result('A', 'warn', ['v1/Namespace bookstore', 'v1/Namespace arc-osm-system']), pod], [sameNs('A', ['B'])])).toHaveLength(1);
  });

  it('same-namespace wants the whole namespace name, a Namespace ref exactly, and a namespaced object', () => {
    const roots = (cause: string[], consequence: string[]) => findCauses([result('A', 'warn', cause), result('B', 'fail', consequence)], [sameNs('A', ['B'])]).map((c) => c.root);
    // A namespace whose name starts the other's is another namespace.
    expect(roots(['v1/Namespace arc-osm'], ['v1/Pod arc-osm-system/osm-controller-1'])).toEqual(['A', 'B']);
    // The cause's ref must be the Namespace itself, not an object in it or a lookalike kind.
    expect(roots(['v1/Pod arc-osm-system/x'], ['v1/Pod arc-osm-system/osm-controller-1'])).toEqual(['A', 'B']);
    expect(roots(['xv1/Namespace arc-osm-system'], ['v1/Pod arc-osm-system/osm-controller-1'])).toEqual(['A', 'B']);
    expect(roots(['v1/Namespace arc-osm-system extra'], ['v1/Pod arc-osm-system/osm-controller-1'])).toEqual(['A', 'B']);
    // A ref that names no object (no space) is no match, and does not stop the others from matching.
    expect(roots(['v1/Namespace arc-osm-system'], ['cluster'])).toEqual(['A', 'B']);
    expect(roots(['v1/Namespace arc-osm-system'], ['cluster', 'v1/Pod arc-osm-system/y'])).toEqual(['A']);
    // A cause naming no Namespace names none, even for an object whose namespace is literally "undefined".
    expect(roots(['v1/Pod x/y'], ['v1/Pod undefined/z'])).toEqual(['A', 'B']);
    // The Namespace itself (cluster-scoped, no slash) is not an object in it.
    expect(roots(['v1/Namespace arc-osm-system'], ['v1/Namespace arc-osm-system'])).toEqual(['A', 'B']);
  });

  it('chain holds whatever the evidence', () => {
    expect(findCauses([result('A', 'fail', ['x']), result('B', 'fail', ['y'])], [chain('A', ['B'], 'c')])).toEqual([{ root: 'A', consequences: ['B'], why: 'C.' }]);
  });
});
