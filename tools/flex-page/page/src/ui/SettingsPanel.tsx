import type * as Flex from '@twilio/flex-ui';
import * as React from 'react';

import type { SettingProblem } from '@dual-channel-recording/contract';
import {
  UI_ATTRIBUTES_KEY,
  parseComplianceSettings,
  parseExclusionSettings,
} from '@dual-channel-recording/contract';
import { parseConfig } from 'plugin-dual-channel-recording/src/config/parseConfig';

/** Props of {@link SettingsPanel}. */
export interface SettingsPanelProps {
  readonly flex: typeof Flex;
}

/** One problem as the parsers name it: the setting's full path, then the reason. */
interface NamedProblem {
  readonly setting: string;
  readonly reason: string;
}

const fromContract = (problems: readonly SettingProblem[]): NamedProblem[] =>
  problems.map((p) => ({ setting: p.setting, reason: `is ${p.kind}: ${p.reason}` }));

function Problems({ label, problems }: { label: string; problems: readonly NamedProblem[] }): JSX.Element {
  if (problems.length === 0) return <p data-testid={`${label}-ok`}>No problems.</p>;
  return (
    <ul aria-label={`Problems: ${label}`} className="flexpage-problems">
      {problems.map((p) => (
        <li key={`${p.setting} ${p.reason}`} data-setting={p.setting}>
          <code>{p.setting}</code> {p.reason}
        </li>
      ))}
    </ul>
  );
}

/**
 * The settings this page runs with: `ui_attributes.dual_channel_recording` as Flex loaded it from the
 * Flex Configuration API (the sandbox's, the same document the Functions read), and what the product's
 * parsers make of it: the plugin's recording settings (without the bundle's build-time FLEX_APP_*
 * defaults, which the page cannot see) and the compliance settings and exclusions the Functions enforce,
 * each problem named by its setting as the agent's notification and the Functions' 500 name it.
 */
export function SettingsPanel({ flex }: SettingsPanelProps): JSX.Element {
  const configuration = flex.Manager.getInstance().configuration as unknown as Record<string, unknown>;
  const uiAttributes = { [UI_ATTRIBUTES_KEY]: configuration[UI_ATTRIBUTES_KEY] };
  const recording = parseConfig(configuration[UI_ATTRIBUTES_KEY], {});
  const compliance = parseComplianceSettings(uiAttributes);
  const exclusions = parseExclusionSettings(uiAttributes);
  const settings = compliance.ok ? compliance.settings : undefined;
  const consent = settings?.consentAnnouncement;
  return (
    <section aria-label="Settings" className="flexpage-settings flexpage-chrome">
      <h3>Settings (Flex Configuration: ui_attributes.{UI_ATTRIBUTES_KEY})</h3>
      <pre aria-label="Settings document">
        {JSON.stringify(configuration[UI_ATTRIBUTES_KEY] ?? null, null, 2)}
      </pre>
      <h4>Recording (the plugin)</h4>
      {recording.ok && (
        <p data-testid="recording-settings">
          {recording.config.enabled ? 'on' : 'off'} · channel {recording.config.channel} · Functions{' '}
          <code>{recording.config.serverlessBaseUrl}</code> · excluded queues:{' '}
          {recording.config.excludeQueues.join(', ') || 'none'}
        </p>
      )}
      <Problems
        label="recording"
        problems={recording.problems.map((p) => ({ setting: p.source, reason: p.message }))}
      />
      <h4>Compliance and exclusions (enforced by the Functions)</h4>
      {settings && (
        <dl data-testid="compliance-settings">
          <dt>Playback roles</dt>
          <dd data-setting="playback_roles">{settings.playbackRoles.join(', ')}</dd>
          <dt>The agent who handled the call may play it</dt>
          <dd data-setting="playback_handling_agent">{settings.playbackHandlingAgent ? 'yes' : 'no'}</dd>
          <dt>Consent announcement</dt>
          <dd data-setting="consent_announcement">
            {consent
              ? `${consent.url} · queues ${consent.queues.join(', ') || 'all'} · ${consent.directions.join(
                  ', ',
                )} · again on resume: ${consent.onResume ? 'yes' : 'no'} · a failure stops the recording: ${
                  consent.stopRecordingOnFailure ? 'yes' : 'no'
                }`
              : 'off'}
          </dd>
          <dt>Stop when the last agent leaves</dt>
          <dd data-setting="stop_on_last_agent_leave">{settings.stopOnLastAgentLeave ? 'yes' : 'no'}</dd>
        </dl>
      )}
      <Problems
        label="functions"
        problems={[
          ...(compliance.ok ? [] : fromContract(compliance.problems)),
          ...(exclusions.ok ? [] : fromContract(exclusions.problems)),
        ]}
      />
    </section>
  );
}
