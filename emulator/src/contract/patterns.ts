/**
 * botocore patterns are Java regular expressions matched against the whole value (AWS's validator
 * uses `matches()`), so they are anchored here. A few Java spellings have no JavaScript equivalent in
 * unicode mode but an exact one in another spelling: identity escapes of punctuation (`\:`), a hyphen
 * next to a class escape (`[\w-\/]`), POSIX classes (`\p{Alnum}`), a leading `(?i)`. Those are
 * rewritten; anything still rejected by the engine yields null, and the caller lists it as unchecked.
 */

const POSIX_CLASSES: Record<string, string> = {
  Alnum: 'a-zA-Z0-9',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Upper: 'A-Z',
  Lower: 'a-z',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  Punct: '!-\\/:-@\\[-`{-~',
};

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);

export function compilePattern(pattern: string): RegExp | null {
  let flags = 'u';
  let source = pattern;
  if (source.startsWith('(?i)')) {
    flags += 'i';
    source = source.slice(4);
  }
  try {
    return new RegExp(`^(?:${translate(source)})$`, flags);
  } catch {
    return null;
  }
}

const literal = (char: string): string => `\\u{${char.codePointAt(0)?.toString(16) ?? '0'}}`;

function translate(source: string): string {
  let out = '';
  let inClass = false;
  let lastWasClassEscape = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return source; // dangling escape: let the engine reject it
      i++;
      if ((next === 'p' || next === 'P') && source[i + 1] === '{') {
        const end = source.indexOf('}', i);
        const name = source.slice(i + 2, end);
        const posix = POSIX_CLASSES[name];
        i = end;
        if (posix !== undefined) {
          const negate = next === 'P';
          out += inClass && !negate ? posix : `[${negate ? '^' : ''}${posix}]`;
        } else {
          out += `\\${next}{${name}}`;
        }
        lastWasClassEscape = true;
        continue;
      }
      if (/[a-zA-Z0-9]/.test(next)) {
        out += next === 'A' ? '^' : next === 'z' || next === 'Z' ? '$' : `\\${next}`;
        lastWasClassEscape = CLASS_ESCAPES.has(next);
        continue;
      }
      out += literal(next);
      lastWasClassEscape = false;
      continue;
    }
    if (inClass && c === '-') {
      const next = source[i + 1];
      const nextIsClassEscape =
        next === '\\' && (CLASS_ESCAPES.has(source[i + 2] ?? '') || /[pP]/.test(source[i + 2] ?? ''));
      out += lastWasClassEscape || nextIsClassEscape ? literal('-') : '-';
      lastWasClassEscape = false;
      continue;
    }
    if (!inClass && c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in Java.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') {
        out += literal(']');
        i++;
      }
      lastWasClassEscape = false;
      continue;
    }
    if (inClass && c === ']') inClass = false;
    out += c;
    lastWasClassEscape = false;
  }
  return out;
}
