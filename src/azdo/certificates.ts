import * as fs from 'node:fs';
import * as tls from 'node:tls';

/** Where Debian, Ubuntu, Fedora, Alpine and macOS (Homebrew) keep the system's certificate bundle. */
const systemBundles = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/usr/local/etc/openssl/cert.pem'];

const cache = new Map<string, string[]>();

/**
 * Every certificate authority to trust when extra ones are configured: Node's built-in roots, the system bundle
 * (when one is found) and the extra PEM files. An explicit list replaces Node's defaults, so all are given. A file
 * that cannot be read is logged and skipped: it must not stop the connection to a host it was not meant for.
 */
export function certificateAuthorities(extraFiles: string[], log?: (line: string) => void): string[] {
  const key = extraFiles.join('\n');
  const cached = cache.get(key);
  if (cached) return cached;
  const out = [...tls.rootCertificates];
  const system = systemBundles.find((file) => fs.existsSync(file));
  if (system) out.push(...splitPem(fs.readFileSync(system, 'utf8')));
  for (const file of extraFiles) {
    try {
      const certs = splitPem(fs.readFileSync(file, 'utf8'));
      if (certs.length === 0) log?.(`No PEM certificate in ${file}: ignored`);
      out.push(...certs);
    } catch (err) {
      log?.(`Could not read the certificate file ${file}: ${(err as Error).message}`);
    }
  }
  const unique = [...new Set(out)];
  cache.set(key, unique);
  return unique;
}

export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
