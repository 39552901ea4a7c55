// Which ARM endpoint to talk to: --azure-cloud picks a public/sovereign cloud, ARCDOCTOR_ARM_ENDPOINT (an https URL)
// overrides it for other sovereign or air-gapped clouds, and for stand-ins in tests.
import { UsageError } from '../errors.js';

export const AZURE_CLOUDS = {
  AzureCloud: 'https://management.azure.com',
  AzureUSGovernment: 'https://management.usgovcloudapi.net',
  AzureChinaCloud: 'https://management.chinacloudapi.cn',
} as const;

export type AzureCloud = keyof typeof AZURE_CLOUDS;

export const ARM_ENDPOINT_ENV = 'ARCDOCTOR_ARM_ENDPOINT';

/** The ARM endpoint for a cloud name (default AzureCloud), unless ARCDOCTOR_ARM_ENDPOINT names one. Bad values exit 2. */
export function armEndpointFor(cloud: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (cloud !== undefined && !(cloud in AZURE_CLOUDS)) {
    throw new UsageError(`--azure-cloud ${cloud}: unknown cloud (one of ${Object.keys(AZURE_CLOUDS).join(', ')})`);
  }
  const override = env[ARM_ENDPOINT_ENV]?.trim();
  if (override) {
    let url: URL;
    try {
      url = new URL(override);
    } catch {
      throw new UsageError(`${ARM_ENDPOINT_ENV}=${override}: not a URL (expected https://host[:port])`);
    }
    if (url.protocol !== 'https:') throw new UsageError(`${ARM_ENDPOINT_ENV}=${override}: must be https (bearer tokens are only sent over TLS)`);
    return override.replace(/\/+$/, '');
  }
  return AZURE_CLOUDS[(cloud ?? 'AzureCloud') as AzureCloud];
}
