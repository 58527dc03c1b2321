import type { CallOptions, DrivenCall } from '@dual-channel-recording/flex-page/driver';
import { advance } from './observe';
import type { PluginSession } from './pluginSession';

/** An inbound call rung, accepted and selected (the agent clicked it in the task list). */
export async function acceptedInbound(
  ps: PluginSession,
  options: Partial<CallOptions> = {},
): Promise<DrivenCall> {
  const call = ps.call({ kind: 'inbound', ...options });
  call.ring();
  await advance(0);
  call.accept();
  await ps.session.selectTask(call.sid);
  return call;
}
