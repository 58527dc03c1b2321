import type { ServerResponse } from 'node:http';

/** Server-sent events to every open page: "the sandbox changed, re-read it". */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();

  /** Keeps `res` open as an event stream until the page goes away. */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** How many pages are listening. */
  get size(): number {
    return this.clients.size;
  }

  /** Tells every page that the sandbox changed. */
  changed(): void {
    for (const res of this.clients) res.write('event: changed\ndata: {}\n\n');
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
