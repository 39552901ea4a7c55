// A pretty-printed JSON List (`kubectl get -o json`, collect's files) parsed one item at a time, each trimmed as it
// is parsed: the whole untrimmed tree (managedFields, last-applied copies) never exists at once. Indentation
// tells where each item ends (a line of the item's indent and `}` closes it: strings hold no raw newline);
// anything that does not look like that is left to one JSON.parse of the whole text.
import { JsonListSplitter } from './stream-json-list.js';

export interface ItemHooks {
  /** Called on each item as soon as it is parsed, with the list's kind/apiVersion already filled in. */
  onItem: (item: unknown) => void;
}

/** The list with its items, or undefined when the text is not a pretty-printed List (the caller parses it whole). */
export function parseJsonListByItems(text: string, hooks: ItemHooks): Record<string, unknown> | undefined {
  const open = /\n([ \t]*)"items": \[\n([ \t]+)\{/.exec(text.slice(0, 4096));
  if (!open || open[2].length <= open[1].length) return undefined;
  const itemIndent = open[2];
  const listIndent = open[1];
  const itemsStart = open.index + open[0].length - 1; // the first item's `{`
  const bracket = open.index + open[0].indexOf('[');
  const items: string[] = [];
  let pos = itemsStart;
  let itemsEnd: number;
  for (;;) {
    const close = text.indexOf(`\n${itemIndent}}`, pos);
    if (close === -1) return undefined;
    const end = close + itemIndent.length + 2;
    items.push(text.slice(pos, end));
    if (text.startsWith(`,\n${itemIndent}{`, end)) {
      pos = end + 2 + itemIndent.length;
      continue;
    }
    if (!text.startsWith(`\n${listIndent}]`, end)) return undefined;
    itemsEnd = end + 1 + listIndent.length;
    break;
  }
  let list: Record<string, unknown>;
  try {
    const around = text.slice(0, bracket + 1) + text.slice(itemsEnd);
    // The cut must be the top-level items, the only ones (JSON.parse keeps the last of two `items` keys).
    const scan = new JsonListSplitter(() => undefined);
    scan.push(around);
    scan.end();
    if (scan.itemsAt !== bracket) return undefined;
    list = JSON.parse(around) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!list || typeof list !== 'object' || !Array.isArray(list.items) || list.items.length !== 0) return undefined;
  const listApiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : undefined;
  const itemKind = typeof list.kind === 'string' && list.kind !== 'List' && list.kind.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  const parsed: unknown[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    let item: unknown;
    try {
      item = JSON.parse(items[i]);
    } catch {
      return undefined; // the whole parse names the line
    }
    items[i] = '';
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const it = item as Record<string, unknown>;
      if (it.kind === undefined && itemKind) it.kind = itemKind;
      if (it.apiVersion === undefined && listApiVersion && itemKind) it.apiVersion = listApiVersion;
    }
    hooks.onItem(item);
    parsed[i] = item;
  }
  list.items = parsed;
  return list;
}
