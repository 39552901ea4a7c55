// The JSONPath subset CRD printer columns use: `.status.conditions[?(@.type=="Ready")].status`,
// `.spec.ports[*].port`, `.metadata.creationTimestamp`, `.items[0]`.

export function evalJsonPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  const re = /\.([A-Za-z0-9_\-$]+)|\[\*\]|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_.\-]+)\s*(==|!=)\s*["']?([^"')]*)["']?\)\]|\['([^']+)'\]/gy;
  const text = path.trim().replace(/^\{|\}$/g, '').replace(/^\$/, '');
  re.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return [];
    pos = re.lastIndex;
    const next: unknown[] = [];
    for (const v of current) {
      if (m[1] !== undefined || m[6] !== undefined) {
        const key = m[1] ?? m[6];
        if (v && typeof v === 'object' && !Array.isArray(v) && key in (v as object)) next.push((v as Record<string, unknown>)[key]);
      } else if (m[0] === '[*]') {
        if (Array.isArray(v)) next.push(...v);
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (m[2] !== undefined) {
        if (Array.isArray(v) && Number(m[2]) < v.length) next.push(v[Number(m[2])]);
      } else if (m[3] !== undefined) {
        if (!Array.isArray(v)) continue;
        for (const item of v) {
          const got = evalJsonPath(item, '.' + m[3])[0];
          const equal = got !== undefined && String(got) === m[5];
          if (equal === (m[4] === '==')) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}
