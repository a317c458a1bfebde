/**
 * Atomic file writes shared by the app's main process (saving, the crash backup, the recent list)
 * and the CLI (`train --out`, `import`, `export`, `solve --out`): one procedure, asynchronous for
 * the main process, which must keep answering the window, and synchronous for the CLI, whose
 * commands are synchronous.
 *
 * The procedure: a hidden temporary file beside the target (its name within the file system's
 * name limit however long the target's) is written, given the target's mode (and owner, where
 * permitted) and flushed, then renamed over the target, and the folder is flushed so the rename
 * survives a crash. A crash leaves the old file or the new one, never a part; a failure (disk
 * full, read-only) leaves the old file and removes the temporary one. Through a symbolic link the
 * link's final target is replaced and the link kept.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The longest file name (bytes) common file systems allow (NAME_MAX on Linux and macOS, 255 on NTFS). */
const NAME_MAX = 255;

/** `text` cut to at most `bytes` UTF-8 bytes, never inside a character. */
function truncateUtf8(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > bytes) break;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** A hidden temporary name beside `name`, short enough for any file system however long `name` is. */
export function temporaryName(name: string): string {
  const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
  return `.${truncateUtf8(name, NAME_MAX - 1 - suffix.length)}${suffix}`;
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/**
 * The file a write to `path` must replace: through symbolic links to their final target, so that
 * writing through a link updates the file it points to and keeps the link. A missing file (or a
 * link to one) resolves to where it would be created. (A few system calls on link metadata, the
 * same for both forms of the write.)
 */
export function writeTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = fs.readlinkSync(current);
    } catch (e) {
      // EINVAL: not a link; ENOENT: nothing there yet. Either way this is the file to write.
      if (errorCode(e) === 'EINVAL' || errorCode(e) === 'ENOENT')
        return join(fs.realpathSync(dirname(current)), basename(current));
      throw e;
    }
    current = resolve(dirname(current), link);
  }
  throw new Error(`${path}: too many levels of symbolic links`);
}

/** What the temporary file must take over from the file it replaces. */
interface Existing {
  mode: number;
  uid: number;
  gid: number;
}

function existing(stat: fs.Stats | null, path: string): Existing | null {
  if (!stat) return null;
  if (stat.isDirectory()) throw Object.assign(new Error(`${path} is a folder, not a file`), { code: 'EISDIR' });
  if (!stat.isFile()) throw new Error(`${path} is not a file`);
  return { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

const sameOwner = (old: Existing) => old.uid === process.getuid?.() && old.gid === process.getgid?.();

const missingAsNull = (e: unknown): null => {
  if (errorCode(e) === 'ENOENT') return null;
  throw e;
};

/** Writes `data` to `path` atomically (see the module comment). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = writeTarget(path);
  const old = existing(await fs.promises.stat(target).catch(missingAsNull), path);
  const dir = dirname(target);
  const tmp = join(dir, temporaryName(basename(target)));
  const handle = await fs.promises.open(tmp, 'wx', old?.mode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      if (old) {
        await handle.chmod(old.mode);
        if (!sameOwner(old)) await handle.chown(old.uid, old.gid).catch(() => undefined);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, target);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncFolder(dir);
}

/** The same write as {@link writeFileAtomic}, blocking until it is done. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const target = writeTarget(path);
  let stat: fs.Stats | null;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    stat = missingAsNull(e);
  }
  const old = existing(stat, path);
  const dir = dirname(target);
  const tmp = join(dir, temporaryName(basename(target)));
  const fd = fs.openSync(tmp, 'wx', old?.mode ?? 0o666);
  try {
    try {
      fs.writeFileSync(fd, data);
      if (old) {
        fs.fchmodSync(fd, old.mode);
        if (!sameOwner(old))
          try {
            fs.fchownSync(fd, old.uid, old.gid);
          } catch {
            // Only the owner of a file, or root, may give it away: the new file stays ours.
          }
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncFolderSync(dir);
}

/** Flushes a folder's entries (the rename) to disk. Windows cannot open folders; there the rename is already durable. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here (Windows, some network file systems): nothing more can be done.
  } finally {
    await handle?.close();
  }
}

function syncFolderSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // As in syncFolder.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
