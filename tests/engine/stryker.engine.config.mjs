// Mutation testing of the engine and the shared check helpers (issue #16) on the unit tests that pin them:
// `npx stryker run tests/engine/stryker.engine.config.mjs`. See tests/engine/mutation.vitest.config.ts for why a subset.
import base from '../../stryker.config.mjs';

export default {
  ...base,
  vitest: { configFile: 'tests/engine/mutation.vitest.config.ts' },
  mutate: [
    'src/engine/**/*.ts',
    'src/checks/define.ts',
    'src/checks/registry.ts',
    'src/checks/causes.ts',
    'src/checks/k8s/index.ts',
    'src/checks/azure/arm.ts',
    'src/checks/azure/extension-status.ts',
    'src/checks/azure/flux-compliance.ts',
    'src/checks/azure/signatures.ts',
    'src/checks/azure/index.ts',
  ],
  incrementalFile: 'reports/mutation/engine-incremental.json',
  jsonReporter: { fileName: 'reports/mutation/engine.json' },
  htmlReporter: { fileName: 'reports/mutation/engine.html' },
};
