import { consentApplies, consentDecision, parseComplianceSettings } from './compliance';

const ui = (section: Record<string, unknown>) => ({ dual_channel_recording: section });

describe('parseComplianceSettings', () => {
  it('gives the defaults when nothing is set: supervisors and admins play back, no consent, stop on last agent (not while an external party talks), stop at a transfer into an excluded queue', () => {
    const result = parseComplianceSettings({});
    expect(result).toEqual({
      ok: true,
      settings: {
        playbackRoles: ['supervisor', 'admin'],
        playbackHandlingAgent: false,
        consentAnnouncement: undefined,
        stopOnLastAgentLeave: true,
        stopOnExternalTransfer: false,
        stopOnExcludedQueueTransfer: true,
        playWithoutAccessLog: false,
        retentionByQueue: {},
      },
    });
  });

  it('reads every setting an admin writes', () => {
    const result = parseComplianceSettings(
      ui({
        playback_roles: ['wfo.quality_process_manager'],
        playback_handling_agent: true,
        stop_on_last_agent_leave: false,
        stop_on_external_transfer: true,
        stop_on_excluded_queue_transfer: false,
        play_without_access_log: true,
        retention_by_queue: { Sales: 30, ['WQ' + '1'.repeat(32)]: 3650 },
        consent_announcement: {
          url: 'https://example.com/consent.mp3',
          queues: ['Sales'],
          directions: ['inbound'],
          on_resume: true,
          stop_recording_on_failure: true,
        },
      }),
    );
    expect(result.ok && result.settings).toEqual({
      playbackRoles: ['wfo.quality_process_manager'],
      playbackHandlingAgent: true,
      stopOnLastAgentLeave: false,
      stopOnExternalTransfer: true,
      stopOnExcludedQueueTransfer: false,
      playWithoutAccessLog: true,
      retentionByQueue: { Sales: 30, ['WQ' + '1'.repeat(32)]: 3650 },
      consentAnnouncement: {
        url: 'https://example.com/consent.mp3',
        queues: ['Sales'],
        directions: ['inbound'],
        onResume: true,
        stopRecordingOnFailure: true,
      },
    });
  });

  it('names every malformed setting by its full path instead of guessing', () => {
    const result = parseComplianceSettings(
      ui({
        playback_roles: 'supervisor',
        playback_handling_agent: 'yes',
        stop_on_last_agent_leave: 1,
        stop_on_external_transfer: 'no',
        stop_on_excluded_queue_transfer: null,
        play_without_access_log: 'when-down',
        retention_by_queue: { Sales: '90d' },
        consent_announcement: { url: 'ftp://x', directions: ['sideways'], on_resume: 'no', colour: 'red' },
      }),
    );
    expect(result.ok).toBe(false);
    const settings = result.ok ? [] : result.problems.map((p) => p.setting);
    expect(settings).toEqual(
      expect.arrayContaining([
        'ui_attributes.dual_channel_recording.playback_roles',
        'ui_attributes.dual_channel_recording.playback_handling_agent',
        'ui_attributes.dual_channel_recording.stop_on_last_agent_leave',
        'ui_attributes.dual_channel_recording.stop_on_external_transfer',
        'ui_attributes.dual_channel_recording.stop_on_excluded_queue_transfer',
        'ui_attributes.dual_channel_recording.play_without_access_log',
        'ui_attributes.dual_channel_recording.retention_by_queue',
        'ui_attributes.dual_channel_recording.consent_announcement',
        'ui_attributes.dual_channel_recording.consent_announcement.url',
        'ui_attributes.dual_channel_recording.consent_announcement.directions',
        'ui_attributes.dual_channel_recording.consent_announcement.on_resume',
      ]),
    );
  });

  it('refuses an announcement URL Twilio could not fetch, but takes http on a local address for development', () => {
    expect(
      parseComplianceSettings(ui({ consent_announcement: { url: 'http://example.com/a.mp3' } })).ok,
    ).toBe(false);
    expect(
      parseComplianceSettings(ui({ consent_announcement: { url: 'http://127.0.0.1:3000/consent' } })).ok,
    ).toBe(true);
  });

  it('treats null as no announcement', () => {
    const result = parseComplianceSettings(ui({ consent_announcement: null }));
    expect(result.ok && result.settings.consentAnnouncement).toBeUndefined();
  });
});

describe('consentApplies', () => {
  const announcement = {
    url: 'https://example.com/c.mp3',
    queues: ['Sales', 'WQ' + 'b'.repeat(32)],
    directions: ['inbound' as const],
    onResume: false,
    stopRecordingOnFailure: false,
  };

  it('applies to a listed queue by name or SID, in a listed direction', () => {
    expect(consentApplies(announcement, { queueName: 'Sales', direction: 'inbound' })).toBe(true);
    expect(consentApplies(announcement, { queueSid: 'WQ' + 'b'.repeat(32), direction: 'inbound' })).toBe(
      true,
    );
  });

  it('does not apply to another queue or another direction, and says which', () => {
    expect(consentDecision(announcement, { queueName: 'Support', direction: 'inbound' })).toBe(
      'queue_not_listed',
    );
    expect(consentDecision(announcement, { queueName: 'Sales', direction: 'outbound' })).toBe(
      'direction_not_listed',
    );
  });

  it('announces when the call’s direction could not be read (fail closed), in a listed queue', () => {
    expect(consentDecision(announcement, { queueName: 'Sales', direction: 'unknown' })).toBe('announce');
    expect(consentDecision(announcement, { queueName: 'Support', direction: 'unknown' })).toBe(
      'queue_not_listed',
    );
  });

  it('applies to every queue when none is listed', () => {
    expect(consentApplies({ ...announcement, queues: [] }, { queueName: 'Any', direction: 'inbound' })).toBe(
      true,
    );
  });
});
