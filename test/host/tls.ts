// Certificates for the tests of company networks: a certificate authority that the extension host trusts through
// NODE_EXTRA_CA_CERTS (as a company CA added to the system), a server certificate it signed for 127.0.0.1, and a
// self-signed certificate nobody trusts. Made with openssl for each run; nothing is installed system-wide.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestCertificates {
  dir: string;
  /** The CA the host trusts (pass as NODE_EXTRA_CA_CERTS). */
  caFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

export function createTestCertificates(parent: string): TestCertificates {
  const dir = path.join(parent, 'tls');
  fs.mkdirSync(dir, { recursive: true });
  const san = path.join(dir, 'san.cnf');
  fs.writeFileSync(san, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Azure DevOps Test Company CA',
    '-keyout', 'ca-key.pem', '-out', 'ca.pem'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.csr'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2',
    '-extfile', 'san.cnf', '-out', 'server.pem'], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'self-key.pem', '-out', 'self.pem'], dir);
  return { dir, caFile: path.join(dir, 'ca.pem') };
}
