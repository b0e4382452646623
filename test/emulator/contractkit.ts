/**
 * Validation of emulator responses against Microsoft's OpenAPI 2.0 specs (vsts-rest-api-specs) with ajv.
 * Stricter than the specs: an object may only carry properties its definition declares, or that appear
 * in the spec's own recorded responses (httpExamples) — the specs omit some fields the service really
 * sends (e.g. GitCommitRef.treeId, Profile.displayName).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** `../shared/reference/vsts-rest-api-specs` relative to the repository root. */
export const SPECS_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'vsts-rest-api-specs');

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Json;
}

/** Finds a file case-insensitively (example refs say `Accounts/`, the folder is `accounts/`). */
function findInsensitive(base: string, rel: string): string | undefined {
  let current = base;
  for (const part of rel.split('/').filter((p) => p && p !== '.')) {
    if (!existsSync(current) || !statSync(current).isDirectory()) return undefined;
    const hit = readdirSync(current).find((e) => e.toLowerCase() === part.toLowerCase());
    if (!hit) return undefined;
    current = path.join(current, hit);
  }
  return current;
}

function collectKeys(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectKeys(v, into));
  else if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      collectKeys(v, into);
    }
  }
}

/** Compact ajv errors (the long allowed-names lists of propertyNames are left out). */
function describe(validate: ValidateFunction): string[] {
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'enum' || !e.schemaPath.includes('propertyNames'))
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.keyword === 'propertyNames' ? `: ${String(e.params.propertyName)}` : ` ${JSON.stringify(e.params)}`}`);
}

/** Definitions whose wire form is a free-form bag rather than the declared shape. */
const LOOSE = new Set(['ReferenceLinks', 'PropertiesCollection', 'JObject']);

export class SpecValidator {
  readonly spec: Json;
  private readonly ajv: Ajv;
  private readonly definitions: Json;
  private readonly exampleKeys = new Set<string>();
  private readonly dir: string;

  constructor(relFile: string) {
    const file = path.join(SPECS_DIR, relFile);
    this.dir = path.dirname(file);
    this.spec = readJson(file);
    const examples = findInsensitive(this.dir, 'httpExamples');
    if (examples) this.walkExamples(examples);
    this.definitions = this.strictDefinitions(isObj(this.spec.definitions) ? this.spec.definitions : {});
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const integer = (bits: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** (bits - 1) });
    this.ajv.addFormat('int16', integer(16));
    this.ajv.addFormat('int32', integer(32));
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    for (const f of ['T', 'Stream', 'CultureInfo', 'JObject', 'array (string)', 'JToken', 'JTokenType', 'TimeZoneInfo']) this.ajv.addFormat(f, true);
  }

  private walkExamples(dir: string): void {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) this.walkExamples(full);
      else if (entry.endsWith('.json')) {
        const ex = readJson(full);
        if (isObj(ex.responses)) for (const r of Object.values(ex.responses)) if (isObj(r)) collectKeys(r.body, this.exampleKeys);
      }
    }
  }

  /** Merges allOf into properties and forbids undeclared properties (minus those seen in examples). */
  private strictDefinitions(defs: Json): Json {
    const out: Json = {};
    const propsOf = (name: string, seen: Set<string>): Json => {
      const def = defs[name];
      if (!isObj(def) || seen.has(name)) return {};
      seen.add(name);
      const merged: Json = {};
      for (const part of Array.isArray(def.allOf) ? def.allOf : []) {
        const ref = isObj(part) && typeof part.$ref === 'string' ? part.$ref.replace('#/definitions/', '') : undefined;
        if (ref) Object.assign(merged, propsOf(ref, seen));
      }
      return Object.assign(merged, isObj(def.properties) ? def.properties : {});
    };
    for (const [name, def] of Object.entries(defs)) {
      if (!isObj(def)) continue;
      const copy: Json = { ...def };
      delete copy.allOf;
      if (!LOOSE.has(name) && def.type === 'object' && copy.additionalProperties === undefined) {
        const properties = propsOf(name, new Set());
        copy.properties = properties;
        if (Object.keys(properties).length > 0) {
          copy.propertyNames = { enum: [...new Set([...Object.keys(properties), ...this.exampleKeys])] };
        }
      }
      out[name] = copy;
    }
    return out;
  }

  private compile(schema: Json): ValidateFunction {
    return this.ajv.compile({ ...schema, definitions: this.definitions });
  }

  private operation(pathKey: string, method: string): Json {
    const paths = isObj(this.spec.paths) ? this.spec.paths : {};
    const item = paths[pathKey];
    const op = isObj(item) ? item[method.toLowerCase()] : undefined;
    if (!isObj(op)) throw new Error(`no ${method} ${pathKey} in the spec`);
    return op;
  }

  /** The success schema of an operation (first 2xx response). */
  responseSchema(pathKey: string, method: string): Json {
    const responses = this.operation(pathKey, method).responses;
    const ok = isObj(responses) ? Object.entries(responses).find(([code]) => code.startsWith('2'))?.[1] : undefined;
    if (!isObj(ok) || !isObj(ok.schema)) throw new Error(`no success schema for ${method} ${pathKey}`);
    return ok.schema;
  }

  /** Top-level keys of the operation's first recorded example body (keys every item has, for collections). */
  exampleShape(pathKey: string, method: string): string[] | undefined {
    const examples = this.operation(pathKey, method)['x-ms-examples'];
    const first = isObj(examples) ? Object.values(examples)[0] : undefined;
    const ref = isObj(first) && typeof first.$ref === 'string' ? first.$ref : undefined;
    const file = ref ? findInsensitive(this.dir, ref) : undefined;
    if (!file) return undefined;
    const responses = readJson(file).responses;
    const ok = isObj(responses) ? Object.entries(responses).find(([code]) => code.startsWith('2'))?.[1] : undefined;
    const body = isObj(ok) ? ok.body : undefined;
    if (isObj(body) && Array.isArray(body.value)) {
      const items = body.value.filter(isObj);
      return Object.keys(items[0] ?? {}).filter((k) => items.every((item) => k in item));
    }
    return isObj(body) ? Object.keys(body) : undefined;
  }

  /**
   * Errors of a response body against an operation. Collections arrive as `{count, value}`: the count must
   * match and `value` is checked against the array schema. `optional`: example keys the response may lack.
   */
  checkOperation(pathKey: string, method: string, body: unknown, optional: string[] = []): string[] {
    const schema = this.responseSchema(pathKey, method);
    let value = body;
    const errors: string[] = [];
    if (schema.type === 'array') {
      if (!isObj(body) || !Array.isArray(body.value) || body.count !== body.value.length) {
        return [`expected {count, value} with count === value.length, got ${JSON.stringify(body).slice(0, 200)}`];
      }
      value = body.value;
    }
    const validate = this.compile(schema);
    if (!validate(value)) errors.push(...describe(validate));
    const shape = this.exampleShape(pathKey, method);
    const sample = Array.isArray(value) ? value[0] : value;
    if (shape && isObj(sample)) {
      for (const key of shape) if (!(key in sample) && !optional.includes(key)) errors.push(`missing ${key} (present in Microsoft's example)`);
    }
    return errors;
  }

  /** Errors of a value against a named definition (optionally without some properties). */
  checkDefinition(name: string, value: unknown, omit: string[] = []): string[] {
    const def = this.definitions[name];
    if (!isObj(def)) throw new Error(`no definition ${name}`);
    const props = isObj(def.properties) ? { ...def.properties } : {};
    for (const key of omit) delete props[key];
    const schema: Json = { ...def, properties: props };
    const validate = this.compile(schema);
    const trimmed = isObj(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !omit.includes(k))) : value;
    return validate(trimmed) ? [] : describe(validate);
  }
}
