// Where a JSON text first goes wrong. V8's JSON.parse messages no longer carry a position, so when
// parsing fails this scanner (iterative: nesting depth cannot overflow it) finds the offending offset.

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

function match(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** The offset of the first character that makes `text` invalid JSON (text.length if it ends too early). */
export function jsonErrorOffset(text: string): number {
  const stack: ("array" | "object")[] = [];
  let i = match(WS, text, 0);
  // state: expecting a value, or (inside a container) a separator / closer
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      const c = text[i];
      if (c === "[" || c === "{") {
        stack.push(c === "[" ? "array" : "object");
        i = match(WS, text, i + 1);
        if (text[i] === (c === "[" ? "]" : "}")) {
          stack.pop();
          i = match(WS, text, i + 1);
          expectValue = false;
          if (stack.length === 0) return i < text.length ? i : -1;
          continue;
        }
        if (c === "{") {
          const k = match(STRING, text, i);
          if (k < 0) return i;
          i = match(WS, text, k);
          if (text[i] !== ":") return i;
          i = match(WS, text, i + 1);
        }
        continue;
      }
      const end = [STRING, NUMBER, LITERAL].map((re) => match(re, text, i)).find((e) => e >= 0);
      if (end === undefined) return i;
      i = match(WS, text, end);
      expectValue = false;
      if (stack.length === 0) return i < text.length ? i : -1;
      continue;
    }
    const top = stack[stack.length - 1];
    const c = text[i];
    if (c === ",") {
      i = match(WS, text, i + 1);
      if (top === "object") {
        const k = match(STRING, text, i);
        if (k < 0) return i;
        i = match(WS, text, k);
        if (text[i] !== ":") return i;
        i = match(WS, text, i + 1);
      }
      expectValue = true;
    } else if ((c === "]" && top === "array") || (c === "}" && top === "object")) {
      stack.pop();
      i = match(WS, text, i + 1);
      if (stack.length === 0) return i < text.length ? i : -1;
    } else {
      return i;
    }
  }
}
