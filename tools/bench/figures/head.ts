import type { CallSample } from '../browser/runCall';
import { defined, median, quantile } from '../stats';
import { isCreateRecording } from './twilioRequests';

/** One call's head of the conversation and its pieces, in ms. */
export interface HeadPieces {
  /** Both parties connected → recording in progress. */
  readonly head: number;
  /** Connected → the Flex state shows the leg live (Flex's conference listener, fed by the page from the sandbox). */
  readonly flexEvent: number;
  /** Leg live → the plugin's request leaves the browser. */
  readonly plugin: number;
  /** Request leaves → the Function's first Twilio request (CORS preflight, runtime, parsing). */
  readonly toFunction: number;
  /** First Twilio request → the create request (the rounds before the create). */
  readonly rounds: number;
  /** Create request → the sandbox's recording creation time (its 100 ms latency). */
  readonly create: number;
}

/** One call's head split where the plugin can first act: Flex's conference arrival, then our share. */
export interface HeadSplit {
  /** Connected → the leg live in Flex's state (Flex's own conference loading). */
  readonly flexArrival: number;
  /** Leg live in Flex's state → recording created: the plugin's and the Functions' share. */
  readonly ourShare: number;
}

/** Figure 0: the head as Flex's arrival plus our share, p50 and p99 of each, and the median of each piece. */
export interface HeadFigure {
  readonly calls: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly max: number | undefined;
  readonly flexArrivalP50: number | undefined;
  readonly flexArrivalP99: number | undefined;
  readonly ourShareP50: number | undefined;
  readonly ourShareP99: number | undefined;
  readonly pieces: { readonly [K in keyof HeadPieces]: number | undefined };
  /** Every measured call in the order placed, for the distribution's picture. */
  readonly perCall: readonly HeadSplit[];
}

/** The pieces of one call, or undefined if a timestamp is missing. */
export function headOf(sample: CallSample): HeadPieces | undefined {
  const [timeline] = sample.reservations;
  const [recording] = sample.recordings;
  if (!timeline || !recording || sample.connectedAt === undefined) return undefined;
  const { legLiveAt, oursRequestAt } = timeline;
  const create = sample.requests.find((r) => isCreateRecording(r) && r.path.includes(recording.callSid));
  const first = sample.requests.find((r) => oursRequestAt !== undefined && r.atMs >= oursRequestAt - 1);
  if (legLiveAt === undefined || oursRequestAt === undefined || !create || !first) return undefined;
  const createdAt = Date.parse(recording.startTime);
  return {
    head: createdAt - sample.connectedAt,
    flexEvent: legLiveAt - sample.connectedAt,
    plugin: oursRequestAt - legLiveAt,
    toFunction: first.atMs - oursRequestAt,
    rounds: create.atMs - first.atMs,
    create: createdAt - create.atMs,
  };
}

/** The head's percentiles, and those of Flex's arrival and our share, over every call's split. */
export function headSplitStats(
  perCall: readonly HeadSplit[],
): Pick<
  HeadFigure,
  | 'calls'
  | 'p50'
  | 'p99'
  | 'max'
  | 'flexArrivalP50'
  | 'flexArrivalP99'
  | 'ourShareP50'
  | 'ourShareP99'
  | 'perCall'
> {
  const heads = defined(perCall.map((c) => c.flexArrival + c.ourShare));
  const arrivals = perCall.map((c) => c.flexArrival);
  const ours = perCall.map((c) => c.ourShare);
  return {
    calls: perCall.length,
    p50: median(heads),
    p99: quantile(heads, 0.99),
    max: quantile(heads, 1),
    flexArrivalP50: median(arrivals),
    flexArrivalP99: quantile(arrivals, 0.99),
    ourShareP50: median(ours),
    ourShareP99: quantile(ours, 0.99),
    perCall,
  };
}

/** Summarises figure 0 over the head samples. */
export function headFigure(samples: readonly CallSample[]): HeadFigure {
  const all = samples.map(headOf).filter((h): h is HeadPieces => h !== undefined);
  const piece = (key: keyof HeadPieces): number | undefined => median(all.map((h) => h[key]));
  return {
    ...headSplitStats(all.map((h) => ({ flexArrival: h.flexEvent, ourShare: h.head - h.flexEvent }))),
    pieces: {
      head: piece('head'),
      flexEvent: piece('flexEvent'),
      plugin: piece('plugin'),
      toFunction: piece('toFunction'),
      rounds: piece('rounds'),
      create: piece('create'),
    },
  };
}
