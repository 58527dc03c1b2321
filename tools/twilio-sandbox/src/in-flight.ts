/** A Twilio request the sandbox has received and not yet answered and logged (fault latency included). */
export interface InFlightRequest {
  readonly method: string;
  /** The Twilio API it went to, as in the request log (`api`, `taskrouter`, ...). */
  readonly api: string;
  readonly path: string;
}

/**
 * The Twilio requests in flight, by method, API and path: from arrival until the request log has them
 * (answered, or the client gone, logged as 499). This is what a test waits on to act while a request is held (a fault's latency), instead
 * of sleeping a margin after the request before it.
 */
export class RequestsInFlight {
  private readonly current = new Set<InFlightRequest>();

  /** Counts `request` in flight until the returned function is called (once is enough; more are no-ops). */
  begin(request: InFlightRequest): () => void {
    const entry = { ...request };
    this.current.add(entry);
    return () => {
      this.current.delete(entry);
    };
  }

  /** The requests in flight now, oldest first. */
  list(): InFlightRequest[] {
    return [...this.current];
  }
}
