// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, so `kubectl auth can-i` answers from the same
// decision the requests get: `--rbac` roles and `--deny` rules (everything is allowed when neither is given).
import type { ApiContext, Reply } from './context.js';
import { deniedBy, type AccessAttributes } from './faults.js';
import { rbacAllows } from './rbac.js';
import type { RouterOptions } from './router.js';
import { badRequest } from './status.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export function selfSubjectAccessReview(ctx: ApiContext, opts: RouterOptions, body: unknown, version: string): Reply {
  const spec = (body as { spec?: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: object } } | null)?.spec;
  if (!spec || (!spec.resourceAttributes && !spec.nonResourceAttributes)) {
    throw badRequest('spec.resourceAttributes or spec.nonResourceAttributes is required');
  }
  let allowed = true;
  const r = spec.resourceAttributes;
  if (r) {
    const attrs: AccessAttributes = {
      user: ctx.user,
      verb: r.verb ?? '',
      group: r.group ?? '',
      plural: r.resource ?? '',
      subresource: r.subresource || undefined,
      namespace: r.namespace || undefined,
      name: r.name || undefined,
    };
    allowed = !deniedBy(opts.deny, attrs) && (!opts.rbac || rbacAllows(opts.rbac, attrs));
  }
  return {
    status: 201,
    body: { kind: 'SelfSubjectAccessReview', apiVersion: `authorization.k8s.io/${version}`, metadata: { creationTimestamp: null }, spec, status: { allowed } },
  };
}
