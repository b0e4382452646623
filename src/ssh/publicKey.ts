/** OpenSSH public keys (`ssh-rsa AAAA… comment`): written from an RSA key, read back for type, size and fingerprint. */
import { createHash, type KeyObject } from 'node:crypto';

export interface PublicKeyInfo {
  /** `ssh-rsa`, `ssh-ed25519`, `ecdsa-sha2-nistp256`, … */
  type: string;
  /** Modulus size for RSA keys; undefined for other types. */
  bits?: number;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  fingerprint: string;
  comment: string;
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An SSH mpint: big-endian, with a leading zero byte when the top bit is set (so it reads as positive). */
function sshMpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const trimmed = unsigned.subarray(start);
  return sshString((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** The `ssh-rsa <base64> <comment>` line of an RSA public (or private) key. */
export function toOpenSshPublicKey(key: KeyObject, comment: string): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('Only RSA keys can be written as ssh-rsa public keys.');
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(Buffer.from(jwk.e, 'base64url')),
    sshMpint(Buffer.from(jwk.n, 'base64url')),
  ]);
  const safeComment = comment.replace(/[\r\n]+/g, ' ').trim();
  return `ssh-rsa ${blob.toString('base64')}${safeComment ? ` ${safeComment}` : ''}`;
}

/** Reads one public key line; undefined when it is not one (options before the key type are not supported). */
export function parseOpenSshPublicKey(line: string): PublicKeyInfo | undefined {
  const match = /^\s*([a-z0-9@.-]+)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/.exec(line.trim());
  if (!match) return undefined;
  const [, type = '', base64 = '', comment = ''] = match;
  const blob = Buffer.from(base64, 'base64');
  const fields: Buffer[] = [];
  for (let offset = 0; offset + 4 <= blob.length;) {
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) return undefined;
    fields.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (fields[0]?.toString('latin1') !== type) return undefined;
  let bits: number | undefined;
  if (type === 'ssh-rsa') {
    const modulus = fields[2];
    if (!modulus) return undefined;
    let start = 0;
    while (start < modulus.length && modulus[start] === 0) start++;
    const top = modulus[start] ?? 0;
    bits = (modulus.length - start - 1) * 8 + (top === 0 ? 0 : Math.floor(Math.log2(top)) + 1);
  }
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { type, bits, fingerprint, comment: comment.trim() };
}
