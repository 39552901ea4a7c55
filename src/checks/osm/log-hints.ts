// Known failure signatures in OSM control-plane logs, from real reports, and what each means.

export interface LogHint {
  /** One line a person reads: what the log says is wrong. */
  meaning: string;
  /** The check that covers the underlying cause, when there is one. */
  relatedCheck?: string;
}

interface Signature {
  pattern: RegExp;
  hint: (m: RegExpExecArray) => LogHint;
}

const SIGNATURES: Signature[] = [
  {
    // openservicemesh/osm#1600: the chart passes a flag the image does not know.
    pattern: /unknown flag: (--[\w-]+)/,
    hint: (m) => ({ meaning: `the image does not accept the flag ${m[1]} its chart passes: the image and the chart are from different OSM releases (upgrade or reinstall the extension so they match)` }),
  },
  {
    // openservicemesh/osm#3904: started before osm-bootstrap created the MeshConfig.
    pattern: /MeshConfig (\S+) does not exist/,
    hint: (m) => ({ meaning: `MeshConfig ${m[1]} does not exist: osm-bootstrap did not create it (see OSM012)`, relatedCheck: 'OSM012' }),
  },
  {
    // openservicemesh/osm#3973 and #4552, as seen by whoever calls the injector webhook.
    pattern: /failed calling webhook "([^"]+)".*?(connection refused|i\/o timeout|context deadline exceeded)/,
    hint: (m) => ({ meaning: `calls to the webhook ${m[1]} fail with "${m[2]}": the injector is not serving on 9090` }),
  },
];

/** The hints that match any of the lines, first match per signature. */
export function logHints(lines: readonly string[]): LogHint[] {
  const hints: LogHint[] = [];
  for (const s of SIGNATURES) {
    for (const line of lines) {
      const m = s.pattern.exec(line);
      if (m) {
        hints.push(s.hint(m));
        break;
      }
    }
  }
  return hints;
}
