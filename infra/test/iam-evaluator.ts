/**
 * A small IAM policy evaluator over synthesized policy documents: enough of AWS's evaluation logic to
 * answer "may this principal do this action on this resource with this request context?" for the
 * statements our app writes. Explicit Deny wins over Allow; no matching Allow is an implicit deny.
 * Supports Action/NotAction, Resource/NotResource with `*` and `?`, and the condition operators the
 * app uses (String*, Arn*, Null), each AND-ed as IAM does, values within a key OR-ed; policy variables
 * in resources (`${aws:userid}`) from the request context.
 */

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Request {
  action: string;
  resource: string;
  /** Condition keys present in the request (`sagemaker:SpaceSharingType`, `ssm:resourceTag/owner`). */
  context?: Record<string, string>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** IAM wildcards: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

function conditionHolds(
  operator: string,
  key: string,
  expected: string[],
  context: Record<string, string>,
): boolean {
  const actual = context[key];
  const ifExists = operator.endsWith('IfExists');
  const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (op === 'Null') {
    // Null: true means "the key is absent".
    return expected.some((e) => (e === 'true') === (actual === undefined));
  }
  if (actual === undefined) return ifExists || op.includes('Not');
  switch (op) {
    case 'StringEquals':
    case 'ArnEquals':
      return expected.includes(actual);
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !expected.includes(actual);
    case 'StringLike':
    case 'ArnLike':
      return expected.some((e) => wildcardMatch(e, actual));
    case 'StringNotLike':
    case 'ArnNotLike':
      return !expected.some((e) => wildcardMatch(e, actual));
    case 'StringEqualsIgnoreCase':
      return expected.some((e) => e.toLowerCase() === actual.toLowerCase());
    default:
      throw new Error(`the evaluator does not know the condition operator ${operator}`);
  }
}

export function statementApplies(st: Statement, req: Request): boolean {
  const context = req.context ?? {};
  const actionMatches = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, req.action, true));
  if (st.Action !== undefined && !actionMatches(list(st.Action))) return false;
  if (st.NotAction !== undefined && actionMatches(list(st.NotAction))) return false;
  // Policy variables (`${aws:userid}`) take the request's value; a pattern whose variable the request
  // lacks matches nothing, as in IAM.
  const withVariables = (p: string): string | undefined => {
    let missing = false;
    const out = p.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
      const v = context[key];
      if (v === undefined) missing = true;
      return v ?? '';
    });
    return missing ? undefined : out;
  };
  const resourceMatches = (patterns: string[]) =>
    patterns.some((p) => {
      const pattern = withVariables(p);
      return pattern !== undefined && wildcardMatch(pattern, req.resource);
    });
  if (st.Resource !== undefined && !resourceMatches(list(st.Resource))) return false;
  if (st.NotResource !== undefined && resourceMatches(list(st.NotResource))) return false;
  for (const [operator, keys] of Object.entries(st.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (!conditionHolds(operator, key, list(values), context)) return false;
    }
  }
  return true;
}

export function evaluate(statements: readonly Statement[], req: Request): Decision {
  const applying = statements.filter((s) => statementApplies(s, req));
  if (applying.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

/**
 * Replaces CloudFormation intrinsics in a synthesized document with concrete values: `Ref` and
 * `Fn::GetAtt` through `values` (logical id, or `Logical.Attribute`), pseudo parameters, `Fn::Join`.
 * An unknown reference is an error, so a test never evaluates a policy it only half understands.
 */
export function resolveIntrinsics(value: unknown, values: (name: string) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, values));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const lookup = (name: string): string => {
    const found = values(name);
    if (found === undefined) throw new Error(`no value given for ${name}`);
    return found;
  };
  if ('Ref' in obj) return lookup(obj.Ref as string);
  if ('Fn::GetAtt' in obj) return lookup((obj['Fn::GetAtt'] as string[]).join('.'));
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolveIntrinsics(p, values)).join(sep);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveIntrinsics(v, values)]));
}
