import type { LocalProduct } from '../server/localProduct';

/** Prints the page's URL and a short guide to a first call and to the compliance features. */
export function printGuide(product: LocalProduct): void {
  const page = product.pageUrl.replace('127.0.0.1', 'localhost');
  const lines = [
    '',
    `The real Flex UI with the plugin (local Twilio sandbox, no account needed): ${page}/?agent=alice`,
    '  1. Click "Incoming call", then "Accept": Flex\'s call canvas says "Recording" (dual channel).',
    '  2. "Task attributes" on the right shows the recording the Function wrote to conversations.media.',
    '  3. Try a transfer (open bob’s tab first), "Outbound call" → "Customer answers", or queue "Do Not Record".',
    '  4. Flex\'s red hang-up button, then "Complete": play or download the stereo WAV (left customer, right agent).',
    `  5. As a supervisor (${page}/?agent=sam&role=supervisor), "Replay" plays it through the url_provider, as Flex Insights does.`,
    '  6. Queue "Post-call survey": the caller stays after your hang-up, and the recording stops. "Settings" shows ui_attributes.',
    `  7. Functions ${product.stack.functionsUrl} (Node ${product.stack.functionsNode.version}${product.stack.gateway ? ', local gateway: /__gateway/stats' : ''}) · sandbox ${product.stack.sandboxUrl}/__sandbox/state · Ctrl-C stops all.`,
    '',
  ];
  console.log(lines.join('\n'));
}
