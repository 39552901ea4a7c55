// A small XML well-formedness checker for tests (no dependency): balanced, properly nested elements, quoted
// attributes without raw `<` or `&`, only the five predefined entities or character references, one root.
export function assertWellFormedXml(text: string): { root: string; elements: string[] } {
  let i = 0;
  const stack: string[] = [];
  const elements: string[] = [];
  let root: string | undefined;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why}: ${JSON.stringify(text.slice(i, i + 60))}`);
  };
  const checkText = (s: string) => {
    const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(s);
    if (bad) fail('bare &');
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) fail('control character');
  };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    checkText(chunk);
    if (stack.length === 0 && chunk.trim() !== '') fail('text outside the root element');
    if (lt < 0) break;
    i = lt;
    const gt = text.indexOf('>', i);
    if (gt < 0) fail('unterminated tag');
    const tag = text.slice(i + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) fail(`mismatched </${name}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*\/?$/.exec(tag);
      if (!m) fail(`malformed tag <${tag.slice(0, 40)}>`);
      checkText(m![2]);
      const names = [...m![2].matchAll(/([A-Za-z_][\w.:-]*)=/g)].map((x) => x[1]);
      if (new Set(names).size !== names.length) fail('duplicate attribute');
      if (stack.length === 0) {
        if (root !== undefined) fail('second root element');
        root = m![1];
      }
      elements.push(m![1]);
      if (!selfClosing) stack.push(m![1]);
    }
    i = gt + 1;
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (!root) fail('no root element');
  return { root: root!, elements };
}
