// X.509 certificates as Kubernetes carries them: base64 of PEM (webhook caBundle, Secret data) or of DER.
// Pure computation with node's crypto parser: no I/O, the clock comes from the caller.
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The certificates in a base64 bundle (PEM with one or more blocks, or a single DER certificate); [] when none parse. */
export function certificatesInBase64(b64: string): CertificateInfo[] {
  // A hand-made snapshot may hold the PEM itself rather than its base64.
  if (b64.includes('-----BEGIN CERTIFICATE-----')) return parseAll(b64.match(PEM_BLOCK) ?? []);
  const clean = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length === 0) return [];
  const bytes = Buffer.from(clean, 'base64');
  const text = bytes.toString('latin1');
  const blocks = text.match(PEM_BLOCK);
  return parseAll(blocks ?? [bytes]);
}

function parseAll(sources: Array<string | Buffer>): CertificateInfo[] {
  return sources.flatMap((src) => {
    const cert = parseCertificate(src);
    return cert ? [cert] : [];
  });
}

function parseCertificate(src: string | Buffer): CertificateInfo | undefined {
  try {
    const x = new X509Certificate(src);
    return { subject: oneLine(x.subject), issuer: oneLine(x.issuer), validFrom: new Date(x.validFrom), validTo: new Date(x.validTo) };
  } catch {
    return undefined;
  }
}

function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

export function isValidAt(cert: CertificateInfo, now: Date): boolean {
  return cert.validFrom.getTime() <= now.getTime() && now.getTime() <= cert.validTo.getTime();
}

/** Whole days from `now` until the certificate expires (negative once expired). */
export function daysUntilExpiry(cert: CertificateInfo, now: Date): number {
  return Math.floor((cert.validTo.getTime() - now.getTime()) / 86_400_000);
}
