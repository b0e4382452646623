/**
 * Redaction by construction: every line the extension logs goes through a Redactor, which removes the
 * tokens it has been told about and anything that looks like a credential (Authorization headers,
 * Basic/Bearer values, passwords in URLs), whether or not the caller remembered to hide it.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets, longest first (so that a secret containing another is removed whole); rebuilt after add(). */
  private ordered?: string[];

  /** Remembers a secret (and its Basic-auth encodings) so that it is removed from every later message. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    for (const user of ['', 'PAT', 'pat']) {
      this.secrets.add(Buffer.from(`${user}:${secret}`).toString('base64'));
    }
    this.ordered = undefined;
  }

  redact(text: string): string {
    let out = text;
    this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of this.ordered) {
      if (out.includes(secret)) out = out.split(secret).join('***');
    }
    return redactPatterns(out);
  }
}

const patterns: [RegExp, string][] = [
  [/(authorization\s*[:=]\s*)("?)[^\s",}]+(\s+[^\s",}]+)?/gi, '$1$2***'],
  [/\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{8,}/gi, '$1 ***'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, '$1$2:***@'],
  [/((?:access_token|token|pat|password)=)[^&\s]+/gi, '$1***'],
];

export function redactPatterns(text: string): string {
  return patterns.reduce((acc, [re, by]) => acc.replace(re, by), text);
}

/** Formats an error or value for a log line, redacted, without losing the cause chain. */
export function describeForLog(value: unknown, redactor?: Redactor): string {
  const parts: string[] = [];
  let current: unknown = value;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const status = (current as { statusCode?: unknown }).statusCode;
      parts.push(`${current.name}: ${current.message}${code ? ` [${String(code)}]` : ''}${status ? ` (HTTP ${String(status)})` : ''}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(typeof current === 'string' ? current : safeJson(current));
      current = undefined;
    }
  }
  const text = parts.join(' <- caused by: ');
  return redactor ? redactor.redact(text) : redactPatterns(text);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
