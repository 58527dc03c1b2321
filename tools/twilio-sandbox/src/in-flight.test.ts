import { RequestsInFlight } from './in-flight';

describe('RequestsInFlight', () => {
  it('lists a request from its arrival until it is answered, oldest first, and ends each once', () => {
    const inFlight = new RequestsInFlight();
    const endRead = inFlight.begin({
      method: 'GET',
      api: 'taskrouter',
      path: '/v1/Workspaces/WS1/Tasks/WT1',
    });
    const endWrite = inFlight.begin({
      method: 'POST',
      api: 'taskrouter',
      path: '/v1/Workspaces/WS1/Tasks/WT1',
    });
    expect(inFlight.list().map((r) => r.method)).toEqual(['GET', 'POST']);
    endRead();
    endRead();
    expect(inFlight.list()).toEqual([
      { method: 'POST', api: 'taskrouter', path: '/v1/Workspaces/WS1/Tasks/WT1' },
    ]);
    endWrite();
    expect(inFlight.list()).toEqual([]);
  });
});
