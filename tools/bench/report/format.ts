import * as prettier from 'prettier';

/** Formats the generated Markdown with the repository's prettier config, so `npm run lint` stays clean. */
export async function formatMarkdown(text: string, filepath: string): Promise<string> {
  const config = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...config, filepath });
}
