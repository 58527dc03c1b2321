/**
 * Reads a Paste design token from Flex's theme (Flex 2 themes carry Paste tokens), with the Paste
 * default as fallback. Flex does not type emotion's theme, so the lookup is checked at run time.
 */
export function token(theme: unknown, group: string, name: string, fallback: string): string {
  const lookup = (node: unknown, key: string): unknown =>
    typeof node === 'object' && node !== null ? (Reflect.get(node, key) as unknown) : undefined;
  const value = lookup(lookup(lookup(theme, 'tokens'), group), name);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}
