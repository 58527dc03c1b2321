import { DEFAULT_CONCURRENCY, parseCommand } from './args';
import { UsageError } from './errors';

const RE = 'RE' + 'a'.repeat(32);
const WT = 'WT' + 'b'.repeat(32);

describe('parseCommand', () => {
  it('parses SIDs, a task, a range and the options into typed values', () => {
    const cmd = parseCommand([
      'download',
      RE,
      RE,
      '--task',
      WT,
      '--since',
      '2026-01-02',
      '--until',
      '2026-01-03T10:00:00',
      '--split',
      '--transcripts',
      '--delete-after',
      '--concurrency',
      '2',
      '--json',
    ]);
    expect(cmd).toMatchObject({
      command: 'download',
      recordingSids: [RE],
      taskSids: [WT],
      since: new Date('2026-01-02T00:00:00Z'),
      until: new Date('2026-01-03T10:00:00Z'),
      split: true,
      transcripts: true,
      deleteAfter: true,
      concurrency: 2,
      json: true,
      progress: false,
      sampleRate: 8000,
      outDir: 'recordings',
    });
  });

  it('defaults to 4 requests at a time and 8 kHz; --sample-rate 0 accepts any', () => {
    const cmd = parseCommand(['download', RE, '--sample-rate', '0']);
    expect(cmd).toMatchObject({
      concurrency: DEFAULT_CONCURRENCY,
      sampleRate: null,
      progress: true,
      transcripts: false,
    });
  });

  it.each([
    [['download'], /name recordings/],
    [['download', 'RE12'], /not recording SIDs/],
    [['download', '--task', 'WR' + '0'.repeat(32)], /--task needs task SIDs/],
    [['download', RE, '--concurrency', '0'], /--concurrency must be an integer from 1 to 32/],
    [['download', '--since', 'yesterday'], /--since must be an ISO 8601/],
    [['download', '--since', '2026-02-01', '--until', '2026-01-01'], /--since must not be after --until/],
    [['upload', RE], /unknown command/],
    [['download', RE, '--bogus'], /bogus/],
  ])('rejects %j with a UsageError naming the problem', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('answers help for no command or --help', () => {
    expect(parseCommand([])).toEqual({ command: 'help' });
    expect(parseCommand(['download', '--help'])).toEqual({ command: 'help' });
  });
});

describe('the options each command takes', () => {
  const window = ['--since', '2026-01-02', '--until', '2026-01-03'];

  it.each([
    [['access-log', '--task', WT, '--split'], 'access-log does not take --task, --split'],
    [
      ['access-log', '--older-than', '30d', '--report', 'r.json'],
      'access-log does not take --older-than, --report',
    ],
    [['purge', '--older-than', '30d', '--since', '2026-01-02'], 'purge does not take --since'],
    [['purge', '--older-than', '30d', '--transcripts'], 'purge does not take --transcripts'],
    [['hold', WT, '--transcripts'], 'hold does not take --transcripts'],
    [['erase', '--phone', '+15551230000', ...window, '--transcripts'], 'erase does not take --transcripts'],
    [['access-log', ...window, '--transcripts'], 'access-log does not take --transcripts'],
  ])('%j is refused, naming every option the command does not take', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(new UsageError(message));
  });

  it('access-log takes a window, recordings and viewers', () => {
    expect(parseCommand(['access-log', ...window, '--recording', RE, '--viewer', 'alice'])).toMatchObject({
      command: 'access-log',
      since: new Date('2026-01-02T00:00:00Z'),
      until: new Date('2026-01-03T00:00:00Z'),
      recordingSids: [RE],
      viewers: ['alice'],
    });
  });

  it.each([
    [['audit', '--since', '2026-01-02'], 'audit needs both --since and --until'],
    [['audit', '--since', '2026-01-03', '--until', '2026-01-02'], '--since must not be after --until'],
    [['access-log', '--until', '2026-01-02'], 'access-log needs both --since and --until'],
  ])('%j is refused: the window needs both ends, in order', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(new UsageError(message));
  });

  it('audit takes a window and a concurrency', () => {
    expect(parseCommand(['audit', ...window, '--concurrency', '2'])).toMatchObject({
      command: 'audit',
      since: new Date('2026-01-02T00:00:00Z'),
      until: new Date('2026-01-03T00:00:00Z'),
      concurrency: 2,
    });
  });
});
