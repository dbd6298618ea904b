import type { MemberRef, ServiceModel, Shape } from './model';

/**
 * Checks `value` against a botocore shape the way AWS's request validator does and returns one
 * message per violation, worded like AWS's ("Value 'x' at 'resourceSpec.instanceType' failed to
 * satisfy constraint: …"): member paths in lower camel case, list items as `.N.member` (1-based).
 * An empty list means the value conforms. Null members count as absent, as on the JSON wire.
 */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown): string[] {
  const problems: string[] = [];
  check(model, shapeName, value, '', false, problems);
  return problems;
}

function check(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  sensitive: boolean,
  out: string[],
): void {
  const shape = model.shapes[shapeName];
  if (!shape) {
    out.push(`Shape ${shapeName} at '${path}' is not in the ${model.name} model`);
    return;
  }
  const hidden = sensitive || shape.sensitive === true;
  const fail = (constraint: string): void => {
    out.push(`Value ${render(value, hidden)} at '${path}' failed to satisfy constraint: ${constraint}`);
  };
  switch (shape.type) {
    case 'structure':
      return checkStructure(model, shapeName, shape, value, path, hidden, out, fail);
    case 'list':
      if (!Array.isArray(value)) return fail('Member must be a list');
      checkLength(shape, value.length, fail);
      value.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item === null)
          out.push(`Value null at '${itemPath}' failed to satisfy constraint: Member must not be null`);
        else check(model, (shape.member as MemberRef).shape, item, itemPath, hidden, out);
      });
      return;
    case 'map': {
      if (!isPlainObject(value)) return fail('Member must be a map');
      const entries = Object.entries(value);
      checkLength(shape, entries.length, fail);
      for (const [key, item] of entries) {
        check(model, (shape.key as MemberRef).shape, key, `${path}.key`, hidden, out);
        if (item === null)
          out.push(`Value null at '${path}.${key}' failed to satisfy constraint: Member must not be null`);
        else check(model, (shape.value as MemberRef).shape, item, `${path}.${key}`, hidden, out);
      }
      return;
    }
    case 'string':
      if (typeof value !== 'string') return fail('Member must be a string');
      checkLength(shape, value.length, fail);
      if (shape.enum && !shape.enum.includes(value))
        fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern !== undefined) {
        const re = model.patterns.get(shape.pattern);
        if (re && !re.test(value)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return fail(`Member must be of type ${shape.type}`);
      return checkRange(shape, value, fail);
    case 'float':
    case 'double':
      if (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value)) return;
      if (typeof value !== 'number') return fail(`Member must be of type ${shape.type}`);
      return checkRange(shape, value, fail);
    case 'boolean':
      if (typeof value !== 'boolean') fail('Member must be a boolean');
      return;
    case 'timestamp':
      // JSON protocols send epoch seconds unless the shape says otherwise.
      if (typeof value === 'number' && Number.isFinite(value)) return;
      if (
        typeof value === 'string' &&
        shape.timestampFormat !== undefined &&
        !Number.isNaN(Date.parse(value))
      )
        return;
      return fail('Member must be a timestamp in epoch seconds');
    case 'blob':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
        return fail('Member must be base64-encoded binary');
      checkLength(shape, Buffer.from(value, 'base64').length, fail);
      return;
    default:
      out.push(`Shape ${shapeName} at '${path}' has type ${String(shape.type)}, unknown to the validator`);
  }
}

function checkStructure(
  model: ServiceModel,
  shapeName: string,
  shape: Shape,
  value: unknown,
  path: string,
  hidden: boolean,
  out: string[],
  fail: (constraint: string) => void,
): void {
  if (shape.document) return;
  if (!isPlainObject(value)) return fail('Member must be a structure');
  const members = shape.members ?? {};
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null)
      out.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
  }
  let set = 0;
  for (const [name, item] of Object.entries(value)) {
    const member = members[name];
    if (!member) {
      const where = path === '' ? '' : ` at '${path}'`;
      out.push(`Unknown member '${name}'${where}: ${model.name}'s ${shapeName} has no such member`);
      continue;
    }
    if (item === null || item === undefined) continue;
    set++;
    check(model, member.shape, item, join(path, name), hidden || member.sensitive === true, out);
  }
  if (shape.union && set !== 1) fail(`Member must set exactly one of [${Object.keys(members).join(', ')}]`);
}

function checkLength(shape: Shape, length: number, fail: (constraint: string) => void): void {
  if (shape.min !== undefined && length < shape.min)
    fail(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max)
    fail(`Member must have length less than or equal to ${shape.max}`);
}

function checkRange(shape: Shape, value: number, fail: (constraint: string) => void): void {
  if (shape.min !== undefined && value < shape.min)
    fail(`Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value > shape.max)
    fail(`Member must have value less than or equal to ${shape.max}`);
}

const join = (path: string, member: string): string => {
  const camel = member.charAt(0).toLowerCase() + member.slice(1);
  return path === '' ? camel : `${path}.${camel}`;
};

function render(value: unknown, hidden: boolean): string {
  if (hidden) return "'***'";
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value) ?? String(value);
  return `'${json.length > 200 ? `${json.slice(0, 200)}…` : json}'`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
