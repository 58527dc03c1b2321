/** The fixed text of docs/BENCHMARKS.md: how to run, method per figure, caveats. */

/** How to run the bench. */
export const HOW_TO_RUN = `## How to run

\`\`\`sh
npm run bench        # repository root: builds the plugin, the Flex page and the Functions, then measures
\`\`\`

No Twilio account is used: the Functions run under \`twilio-run\` against the local Twilio sandbox, and the
production plugin bundle runs in chromium (\`CHROMIUM_PATH\`, else the one \`@sparticuz/chromium\` ships) inside a
page built on the real Flex UI 2.17.1 modules (its store, Manager, Actions, PluginManager, notifications, shortcuts
and call canvas; \`tools/flex-page\`), fed from the sandbox in Flex's own order and timing.
It takes a few minutes and rewrites this file and its pictures (\`docs/bench/*.svg\`, drawn from the same run with
Vega-Lite, rendered to SVG in Node). Commit them together, and say in the commit which machine and load it ran on. Knobs (environment): \`BENCH_HEAD_CALLS\` (default 50),
\`BENCH_REPEATS\` (calls per call type and channel, default 3), \`BENCH_BURST_CALLS\` (default 300),
\`BENCH_FORK_CALLS\` (burst size in fork-per-request mode, default 30, 0 skips it),
\`BENCH_BURST_REPEATS\` (runs of the judged burst, 300 in 1 s with 100 in flight, default 3; the median run is reported),
\`BENCH_CALIBRATION_STARTS\` (figure 3's no-load starts, default 20),
\`CHROMIUM_PATH\`. Code: \`tools/bench\` (\`main.ts\` is the entry point, \`charts/\` the pictures).`;

/** How each figure is measured. */
export const METHOD = `## Method

**Clocks.** The sandbox runs inside the bench's Node process (Date.now()); the page timestamps with
\`performance.now()\` and converts with \`performance.timeOrigin\`. Both read the same system clock; the bench only
subtracts times across them where a sandbox latency of 100 ms separates the events.

**In-page probe** (\`tools/bench/page/\`). Two init scripts are injected into every Flex page before its own code: the
probe wraps \`setTimeout\`, \`setInterval\`, \`requestAnimationFrame\` and \`window.fetch\`, and subscribes to the Flex
store the moment the page installs \`window.Twilio.Flex\` (before the plugin bundle loads), evaluating the plugin's
own \`selectLeg\` over the plugin's own \`callSnapshot\` (transpiled from \`plugin-dual-channel-recording/src/\`, not copied). The baseline poller
is the second script. Timers are attributed by the stack of the call that created them: the bundle URL means the
plugin, the baseline's \`sourceURL\` means the poller.

**0. Head of the conversation.** "Both parties connected" is when the sandbox confirmed the agent's accept (the
page's accept request answered; in the sandbox the customer and agent legs are both in the conference from then on,
and the reservation is accepted). "Recording in progress" is the sandbox's creation time of the recording. Each call
is placed and accepted through the page's buttons, so the path is the real one: sandbox change → Flex's reservation
events (\`taskAccepted\` first, then the store) → Flex's conference listener (two Interactions REST reads, then its 500 ms
throttled update) → plugin → Function (CORS preflight, token validation, authorization rounds) → Twilio create. Calls are sequential,
one at a time, after two warm-up calls that are not counted. With 50 calls, p99 by nearest rank is the slowest call.
The head is reported as **Flex's arrival** (connected → the leg live in Flex's state: Flex's own conference loading,
which the plugin cannot act before) **plus our share** (leg live → recording created: the plugin, the Function and
its Twilio rounds); the budget holds our share. The picture shows every call's two parts and their sum apart.

**1. Reaction.** From the first store change after which \`selectLeg\` names the configured leg, to our fetch to
create-recording (ours) or to the poller's detection (baseline), for every reservation of the browser calls.
Real Flex loads the conference only after the accept (two Interactions REST reads, then its throttled conference
update: about 330 ms here), so on conference calls the leg goes live between two of the poller's ticks and its phase
is random; an internal call has no conference (its leg is this browser's call, live with the accept).

**2. Round trips.** From the sandbox's request log (start time and duration of every Twilio request). A request is
sequential after another if it started after that one ended; the rounds before the create are the longest such chain
among the requests made while the plugin's create-recording request was in flight and that ended before the
create request started. "REST calls per recorded call" counts every Twilio request from the call's start to its end
(create-recording, the status-callback Function, and the Event Streams sink \`/task-events\` for the call's TaskRouter
events), divided by the recordings the call produced. The sink gets its events in batches after the hang-up, so each
call is read only once the account is quiet (no Event Streams event left to settle, no Twilio request in flight, for
300 ms): the sink's requests count with the call that caused them, not the next one. The picture splits the mean per
recorded call by endpoint (the table's median and max are per call). Call types: inbound, outbound (customer answers after 1 s), internal (agent to agent),
warm transfer (alice accepts, transfers to bob, bob accepts), each with the customer and the worker channel.

**3. Burst.** 300 browsers do not fit 2 cores, so the Functions are driven over HTTP from Node (a worker thread of the
bench's own, beside the thread hosting the sandbox and the gateway), each request through
the plugin's own Function client (\`plugin-dual-channel-recording/src/services/createRecordingClient.ts\`, with its retries and the task's conference
SID, as the plugin sends it), so the outcome is the one an agent's browser would get. For each burst, workers with
an accepted inbound call whose task carries a unique \`bench_marker\` attribute are created first; then the sandbox
gets 100 ms latency and **Twilio's limits**: REST requests in flight per account (100, or 30; one more is answered
429 / 20429 at once and not processed), and the Functions run on Node 22 behind the local Functions gateway (at most
30 invocations in flight, 429 beyond, a 10 s cut answered 504). The first sends are spread evenly over the window.
A per-second model (429 above 100 requests per rolling second, no in-flight limit; not Twilio's) runs last as a labelled stress case,
judged only on graceful degradation (no orphan, no duplicate). Afterwards: a call is recorded exactly once when its
customer leg has exactly one active recording and its task exactly one media entry naming it; a duplicate is more
than one of either; an **orphan** is an active recording of a call's leg that its task does not name (it runs
unseen, and nobody can pause it); an attribute is lost when the marker is gone or changed.

Before the bursts, \`BENCH_CALIBRATION_STARTS\` calls are recorded one at a time through the same client (no
other load): their Twilio requests and sequential rounds (from the sandbox's request log, as in figure 2) give the
**cost of one start**. The **minimum Twilio requests** of a burst is N × that median; the **Little's-law limit** on
"the last call is recorded" is the largest of the work each resource must do divided by its slots (N × rounds ×
latency over the 30 Function slots; N × requests × latency over the Twilio slots) and the last arrival plus its own
rounds up to the create. Only latency is counted (no CPU, no network), so no schedule can beat it. "Last recorded"
is from the first send of the burst to the answer of the last call's first successful create request (in the
sandbox's log); the head of the conversation per call is from its first send to the same moment. The retry-window
share is a call's first send to its client's final answer, over the plugin's window (its policy's
\`maxElapsedMs\`). Gateway counters come from \`stack.gateway.stats()\`, reset before each burst. "Functions busy"
is the time the Functions spent on the attempts they ran (every answer but the gateway's 429), divided by the span
from the first to the last of them: 30 means no slot was ever idle. When the slots stay busy and the last recording
is still later than the limit, the difference is the invocation itself taking longer than its rounds of latency
(compare "invocation p50" with the no-load answer p50): on this machine that is CPU, shared by twilio-run (every
invocation in one process), the bench's main thread (the sandbox and the gateway) and the 300 simulated browsers. The
browsers run on a worker thread of their own, so the sandbox and the gateway do not queue behind them on one thread:
deployed, each agent's browser is its own machine, not on the Functions' or Twilio's CPU. For the same reason their
\`fetch\` is node's http client over one keep-alive pool (\`burst/lightFetch.ts\`) rather than undici's, which costs
several times the CPU per request; the plugin's client above it, with its retries, is the real one. The bench shows it with
numbers (the table after the limits): the Little's-law limit recomputed with the invocation times measured in the
burst, the share of the burst during which some task on the machine waited for a CPU (Linux's pressure stall
information, every process counted, other engineers' jobs included), and twilio-run's own CPU time (from
\`/proc/<pid>/stat\`) as a share of one core: a Node process runs its JavaScript on one core. Deployed Functions run
each invocation in its own container, so a limit set by this machine's CPU is not Twilio's. The judged burst
(300 in 1 s, 100 in flight) is run \`BENCH_BURST_REPEATS\` times one after the other on the same stack, and the run
whose last recording over the limit is the median is the one reported (its tables and its picture), with every
run's ratio beside the budget: on this shared machine one run moves by a tenth from the next, enough to pass or
miss the budget by chance.

**twilio-run mode.** \`--no-fork-process --no-live\` is the mode judged against the budget. Deployed Functions run
warm: the runtime keeps the loaded code between invocations and does not start a Node process per request, which is
what the fork mode does (about 0.3 s of CPU per request here), nor re-require every module per request, which is what
twilio-run's default \`--live\` does (tens of milliseconds of CPU per request, mostly the twilio SDK). Deployed Functions also do not share one process between
concurrent invocations, which \`--no-fork-process\` does; our Functions keep no state in memory (idempotency comes
from the task's ETag), so sharing a process hides no race, it only shares one CPU. Fork mode at 300 requests within
1 s would start 300 Node processes at once on 2 cores (about 90 CPU-seconds of start-up alone, and tens of GB
of memory), which measures the laptop, not the design, so it is run with a smaller burst (\`BENCH_FORK_CALLS\`) for
comparison only.

**4. Browser cost.** For each accepted call, timers created by the plugin and plugin timer callbacks that ran between
\`taskAccepted\` and the plugin's request; for the poller, its own timers up to its detection. A wake-up is a timer
callback that ran. Store notifications are not counted: they are the event the wait is driven by.

**5. Bundle.** Every \`plugin-dual-channel-recording/build/*.js\`, raw bytes and gzip at level 9 (as
\`scripts/bundle-size.js\`).`;

/** What the numbers do not say. */
export const CAVEATS = `## Caveats

- The machine is small (2 cores) and shared: other jobs may run at the same time. Absolute times move between runs;
  the ratios and counts are the stable part.
- The Flex page learns about the accept through its own server (server-sent event, then one state read), not
  through Twilio's websocket. Flex then loads the conference as it does on Twilio: two Interactions API REST reads
  (150 ms each here: a chosen latency, not a measurement of Twilio's) and its throttled conference update. So the
  "connected → leg live" piece of figure 0 is Flex's own conference loading at that chosen latency; the plugin's
  own share is the pieces after it.
- The sandbox's latency is applied to every Twilio request before it is handled, uniformly; real Twilio latency
  varies per endpoint and region, and real Flex adds its own conference events.
- Figure 3 runs every Function invocation in one twilio-run process on this machine; its durations include that
  process's CPU queue, which deployed Functions (many containers) do not have. Twilio ends a deployed execution
  at 10 s; twilio-run does not, so a duration above 10 s here is a request that would have been cut off when deployed.
- With N calls, p99 is close to the maximum: read it as "the slow tail", not a precise percentile.
- Figure 0's floor: with 100 ms per Twilio request and two rounds before the create, the create alone is three
  sequential latencies (about 300 ms) after the Function starts; the Function's own start (CORS preflight, runtime,
  token parsing) comes on top. Our share's budget (p99 under 300 ms) therefore needs fewer sequential rounds than
  that (a token kept by a warm instance, reads done together), not a faster machine.
- Figure 0 on the real Flex page includes Flex's own conference loading (the "connected → leg live" piece): the
  plugin cannot send before it, because the leg it records must be live in the conference, and Flex's pace is
  Flex's. The head is therefore reported as that arrival plus our share, and only our share is budgeted.
- Figure 3's Little's-law limit assumes the Functions' 30 slots and Twilio's in-flight slots can be kept full from
  the first millisecond; the first wave of a burst arrives in step, so some of its requests meet a full account.
- Figure 2 counts the whole life of a recorded call: the create-recording Function, the status-callback Function
  for the completed callback, and the Event Streams sink for the call's TaskRouter events. The endpoint table and
  the picture show which requests they are. A customer-channel transfer makes one recording and one create-recording call: the
  second agent's plugin finds the running customer recording in the task attributes and does not ask again.
- Figure 2's median and max leave out the Functions' timed read of the Flex configuration (\`GET flex-api
  /v1/Configuration\`): a warm instance keeps it for \`EXCLUSIONS_CACHE_SECONDS\` (30 s by default), so it is paid
  once per instance per period by whichever request comes first, whatever the call; in this run, with a call every
  few seconds, it lands on one call in several, by the clock. The table counts it in its own column, the mean and the
  picture's bar include it, and a quiet account (a call less often than every 30 s) pays it on every call.`;
