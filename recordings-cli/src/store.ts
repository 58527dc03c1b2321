/**
 * The output folder. Files are written under a temporary name, read back and checked, and only then
 * renamed into place; a sidecar `<RE>.json` is written last and is the proof a recording is done.
 * An interrupted run therefore leaves either nothing or `*.partial` files, never a final name with
 * half a file in it, and a resumed run skips recordings whose sidecar and files still check out.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from './errors';
import type { PartyRole } from './roles';

/** What a saved file holds. */
export type FileRole = 'stereo' | 'mono' | PartyRole;

/** One saved file as the sidecar records it. */
export interface StoredFile {
  /** File name inside the output folder. */
  name: string;
  role: FileRole;
  channels: number;
  bytes: number;
  sha256: string;
}

/** The sidecar: what was saved for a recording, and whether it has been deleted from Twilio. */
export interface Sidecar {
  version: 1;
  recordingSid: string;
  accountSid: string;
  durationSeconds: number;
  sampleRate: number;
  /** Channels of the downloaded file (1 after a mono fallback). */
  channels: number;
  /** Why the download is mono, when it is. */
  fallback: string | null;
  /** Role of channel 1 and 2, and where that came from; null for mono. */
  roles: { channels: [PartyRole, PartyRole]; source: string } | null;
  files: StoredFile[];
  verifiedAt: string;
  deletedFromTwilio: boolean;
}

/** A file to save. */
export interface PendingFile {
  name: string;
  role: FileRole;
  channels: number;
  data: Buffer;
}

const PARTIAL = '.partial';

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** File names for a recording: `<RE>.wav`, `<RE>.<role>.wav`, sidecar `<RE>.json`. */
export const fileNames = {
  audio: (sid: string): string => `${sid}.wav`,
  party: (sid: string, role: PartyRole): string => `${sid}.${role}.wav`,
  sidecar: (sid: string): string => `${sid}.json`,
  transcript: (sid: string): string => `${sid}.transcript.json`,
};

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = `${file}${PARTIAL}`;
  await writeFile(temp, data);
  await rename(temp, file);
}

function isSidecar(value: unknown): value is Sidecar {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Sidecar>;
  return v.version === 1 && typeof v.recordingSid === 'string' && Array.isArray(v.files);
}

/** The output folder of one run. */
export class OutputStore {
  constructor(readonly dir: string) {}

  /** Creates the folder if needed. */
  async init(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (err) {
      throw new StorageError(`cannot create ${this.dir}: ${(err as Error).message}`);
    }
  }

  /** Writes a recording's transcript (`<RE>.transcript.json`), replacing an older one whole. */
  async saveTranscript(sid: string, json: string): Promise<string> {
    const name = fileNames.transcript(sid);
    try {
      await writeAtomically(path.join(this.dir, name), json);
    } catch (err) {
      throw new StorageError(`cannot write ${name}: ${(err as Error).message}`);
    }
    return name;
  }

  /** Removes `*.partial` leftovers of an interrupted run for this recording. */
  async cleanPartials(sid: string): Promise<void> {
    const names = await readdir(this.dir);
    await Promise.all(
      names
        .filter((n) => n.startsWith(sid) && n.endsWith(PARTIAL))
        .map((n) => rm(path.join(this.dir, n), { force: true })),
    );
  }

  /**
   * The sidecar, if it lists the recording's main audio (`<RE>.wav`) and every file it lists is
   * intact (same size and SHA-256 as when verified). A missing, edited or truncated file, or a
   * sidecar without the main audio, means the recording is not done. Hashes only show the files are
   * what the sidecar says: a sidecar can be written to match anything, so a delete also needs the
   * audio itself to verify ({@link readAudio}, saved-copy.ts).
   */
  async readVerified(sid: string): Promise<Sidecar | null> {
    let sidecar: unknown;
    try {
      sidecar = JSON.parse(await readFile(path.join(this.dir, fileNames.sidecar(sid)), 'utf8'));
    } catch {
      return null;
    }
    if (!isSidecar(sidecar) || sidecar.recordingSid !== sid) return null;
    if (!sidecar.files.some((file) => file.name === fileNames.audio(sid))) return null;
    for (const file of sidecar.files) {
      try {
        const data = await readFile(path.join(this.dir, file.name));
        if (data.length !== file.bytes || sha256(data) !== file.sha256) return null;
      } catch {
        return null;
      }
    }
    return sidecar;
  }

  /** The saved main audio `<RE>.wav` as the disk holds it, or null when there is none. */
  async readAudio(sid: string): Promise<Buffer | null> {
    try {
      return await readFile(path.join(this.dir, fileNames.audio(sid)));
    } catch {
      return null;
    }
  }

  /**
   * Saves the files (temp name, read back, compare, rename) and then the sidecar. Returns the
   * sidecar as written.
   */
  async save(sidecar: Omit<Sidecar, 'files' | 'version'>, files: PendingFile[]): Promise<Sidecar> {
    const stored: StoredFile[] = [];
    try {
      const temps: Array<{ temp: string; final: string }> = [];
      for (const file of files) {
        const final = path.join(this.dir, file.name);
        const temp = `${final}${PARTIAL}`;
        await writeFile(temp, file.data);
        // Read back what the disk holds: verifying the buffer alone would not catch a short write.
        const onDisk = await readFile(temp);
        const digest = sha256(file.data);
        if (onDisk.length !== file.data.length || sha256(onDisk) !== digest)
          throw new StorageError(`${file.name}: the file on disk differs from what was downloaded`);
        stored.push({
          name: file.name,
          role: file.role,
          channels: file.channels,
          bytes: onDisk.length,
          sha256: digest,
        });
        temps.push({ temp, final });
      }
      for (const { temp, final } of temps) await rename(temp, final);
      const full: Sidecar = { version: 1, ...sidecar, files: stored };
      await writeAtomically(
        path.join(this.dir, fileNames.sidecar(sidecar.recordingSid)),
        JSON.stringify(full, null, 2) + '\n',
      );
      return full;
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw new StorageError(`cannot save ${sidecar.recordingSid}: ${(err as Error).message}`);
    }
  }

  /** Records in the sidecar that the recording was deleted from Twilio. */
  async markDeleted(sidecar: Sidecar): Promise<Sidecar> {
    const next = { ...sidecar, deletedFromTwilio: true };
    await writeAtomically(
      path.join(this.dir, fileNames.sidecar(sidecar.recordingSid)),
      JSON.stringify(next, null, 2) + '\n',
    );
    return next;
  }
}
