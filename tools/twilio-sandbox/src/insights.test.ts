/**
 * The sandbox's Voice Insights Conference Participant Summaries, through the real twilio SDK and
 * validated against twilio_insights_v1.json by the sandbox itself (a response breaking the schema
 * would be a defect): who was in a conference, still answered after the conference ended, when the
 * 2010 Participants list has forgotten them; refused while Advanced Features are off.
 */
import twilio from 'twilio';
import { useRoutedSandbox } from './routed-sandbox.testing';

const env = useRoutedSandbox();

const client = (): twilio.Twilio => twilio(env.sandbox.accountSid, env.sandbox.authToken);

/** An inbound call whose conference has ended: the customer hung up, the agent left with them. */
async function endedConference() {
  const worker = await env.control.createWorker({ identity: 'alice' });
  const call = await env.control.inboundCall({ workerSid: worker.workerSid });
  await env.control.hangup(call.customerCallSid!);
  await env.control.hangup(call.workerCallSid!);
  return call;
}

describe('Conference Participant Summaries (insights.twilio.com/v1/Conferences/{CF}/Participants)', () => {
  it('list every leg that was in the conference after it ended, when the 2010 list is empty', async () => {
    await env.control.setVoiceInsightsAdvancedFeatures(true);
    const call = await endedConference();
    const live = await client().conferences(call.conferenceSid!).participants.list();
    expect(live).toEqual([]);
    const summaries = await client()
      .insights.v1.conferences(call.conferenceSid!)
      .conferenceParticipants.list();
    expect(summaries.map((p) => p.callSid).sort()).toEqual(
      [call.customerCallSid!, call.workerCallSid!].sort(),
    );
    expect(summaries.every((p) => p.conferenceSid === call.conferenceSid)).toBe(true);
    expect(summaries.every((p) => p.processingState === 'complete')).toBe(true);
  });

  it('are 403 / 17000 while Voice Insights Advanced Features are off (the default)', async () => {
    const call = await endedConference();
    await expect(
      client().insights.v1.conferences(call.conferenceSid!).conferenceParticipants.list(),
    ).rejects.toMatchObject({ status: 403, code: 17000 });
  });

  it('are 404 for a conference of another account', async () => {
    await env.control.setVoiceInsightsAdvancedFeatures(true);
    const other = await env.control.createAccount();
    await env.control.setVoiceInsightsAdvancedFeatures(true, other.sid);
    const call = await endedConference();
    await expect(
      twilio(other.sid, other.authToken)
        .insights.v1.conferences(call.conferenceSid!)
        .conferenceParticipants.list(),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('list nobody while the conference still runs (Twilio: "available after the conference ends")', async () => {
    await env.control.setVoiceInsightsAdvancedFeatures(true);
    const worker = await env.control.createWorker({ identity: 'alice' });
    const call = await env.control.inboundCall({ workerSid: worker.workerSid });
    await env.control.hangup(call.customerCallSid!);
    expect(await client().insights.v1.conferences(call.conferenceSid!).conferenceParticipants.list()).toEqual(
      [],
    );
    await env.control.hangup(call.workerCallSid!);
    expect(
      await client().insights.v1.conferences(call.conferenceSid!).conferenceParticipants.list(),
    ).toHaveLength(2);
  });

  it('are validated against twilio_insights_v1.json: a PageSize the spec refuses is 400, ParticipantSid filters', async () => {
    await env.control.setVoiceInsightsAdvancedFeatures(true);
    const call = await endedConference();
    const auth = Buffer.from(`${env.sandbox.accountSid}:${env.sandbox.authToken}`).toString('base64');
    const res = await fetch(
      `https://insights.twilio.com/v1/Conferences/${call.conferenceSid!}/Participants?PageSize=0`,
      { headers: { Authorization: `Basic ${auth}` } },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 20001, message: expect.stringContaining('PageSize') });

    const all = await client().insights.v1.conferences(call.conferenceSid!).conferenceParticipants.list();
    const one = await client()
      .insights.v1.conferences(call.conferenceSid!)
      .conferenceParticipants.list({ participantSid: all[1].participantSid });
    expect(one.map((p) => p.callSid)).toEqual([all[1].callSid]);
  });
});
