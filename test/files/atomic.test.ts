/**
 * The atomic write shared by the app's saves and the CLI's outputs, in both its forms, on a real
 * temporary folder. A full disk is simulated by making the write fail half way (the bytes before
 * the failure do reach the temporary file), a failing flush by failing fsync.
 */
import fs, {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { temporaryName, writeFileAtomic, writeFileAtomicSync } from '../../src/files/atomic.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bps-atomic-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
type Step = 'write' | 'sync';

/** One form of the write, with the means to make its next file write or flush fail and to watch its steps. */
interface Form {
  name: string;
  write(path: string, data: string | Uint8Array): Promise<void>;
  failNext(step: Step, code: string): void;
  /** Records 'sync file', 'sync folder' and 'rename' in the order they happen. */
  watch(steps: string[]): void;
}

const asynchronous: Form = {
  name: 'writeFileAtomic (the app)',
  write: writeFileAtomic,
  failNext(step, code) {
    const open = fs.promises.open.bind(fs.promises);
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
      const handle = await open(...args);
      if (args[1] !== 'wx') return handle;
      if (step === 'write')
        handle.writeFile = async (data) => {
          await handle.write(typeof data === 'string' ? data.slice(0, data.length / 2) : 'partial');
          throw failure(code);
        };
      else handle.sync = async () => Promise.reject(failure(code));
      return handle;
    });
  },
  watch(steps) {
    const open = fs.promises.open.bind(fs.promises);
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof fs.promises.open>) => {
      const handle = await open(...args);
      const what = args[0] === dir ? 'folder' : 'file';
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        steps.push(`sync ${what}`);
        return sync();
      };
      return handle;
    });
    const rename = fs.promises.rename.bind(fs.promises);
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (...args: Parameters<typeof fs.promises.rename>) => {
      steps.push('rename');
      return rename(...args);
    });
  },
};

const synchronous: Form = {
  name: 'writeFileAtomicSync (the CLI)',
  write: async (path, data) => writeFileAtomicSync(path, data),
  failNext(step, code) {
    if (step === 'write') {
      const writeFile = fs.writeFileSync.bind(fs);
      vi.spyOn(fs, 'writeFileSync').mockImplementationOnce((file, data) => {
        writeFile(file, typeof data === 'string' ? data.slice(0, data.length / 2) : 'partial');
        throw failure(code);
      });
    } else
      vi.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
        throw failure(code);
      });
  },
  watch(steps) {
    const folders = new Set<number>();
    const open = fs.openSync.bind(fs);
    vi.spyOn(fs, 'openSync').mockImplementation((...args: Parameters<typeof fs.openSync>) => {
      const fd = open(...args);
      if (args[0] === dir) folders.add(fd);
      return fd;
    });
    const fsync = fs.fsyncSync.bind(fs);
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      steps.push(`sync ${folders.has(fd) ? 'folder' : 'file'}`);
      fsync(fd);
    });
    const rename = fs.renameSync.bind(fs);
    vi.spyOn(fs, 'renameSync').mockImplementation((...args: Parameters<typeof fs.renameSync>) => {
      steps.push('rename');
      rename(...args);
    });
  },
};

// Root writes anywhere a permission bit forbids; /sys is read-only even for root on Linux.
const asRoot = process.getuid?.() === 0;
const rootSeesReadOnly = (() => {
  if (!asRoot) return false;
  try {
    writeFileSync('/sys/fs/.backprop-probe', '');
    return false;
  } catch {
    return true;
  }
})();
function readOnlyFolder(): string {
  if (asRoot) return '/sys/fs';
  const folder = join(dir, 'read-only');
  mkdirSync(folder);
  chmodSync(folder, 0o555);
  return folder;
}

describe.each([asynchronous, synchronous])('$name', (form) => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const path = join(dir, 'graph.bps.json');
    writeFileSync(path, 'old');
    await form.write(path, 'new contents');
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['graph.bps.json']);
  });

  it('writes binary data', async () => {
    const path = join(dir, 'model.onnx');
    await form.write(path, new Uint8Array([0, 1, 2, 255]));
    expect([...readFileSync(path)]).toEqual([0, 1, 2, 255]);
  });

  it('refuses to replace a folder, which keeps its contents', async () => {
    const target = join(dir, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'precious');
    await expect(form.write(target, 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['occupied']);
  });

  it('removes its temporary file when the disk is full or read-only, each time, and keeps the old file', async () => {
    const path = join(dir, 'graph.bps.json');
    writeFileSync(path, 'old');
    for (const [step, code] of [
      ['write', 'ENOSPC'],
      ['write', 'ENOSPC'],
      ['sync', 'EIO'],
      ['write', 'EROFS'],
    ] as const) {
      form.failNext(step, code);
      await expect(form.write(path, 'new contents'.repeat(100))).rejects.toThrow(code);
      vi.restoreAllMocks();
      expect(readdirSync(dir)).toEqual(['graph.bps.json']);
    }
    expect(readFileSync(path, 'utf8')).toBe('old');
    // A new file that fails leaves nothing at all.
    form.failNext('write', 'ENOSPC');
    await expect(form.write(join(dir, 'new.bps.json'), 'new contents')).rejects.toThrow('ENOSPC');
    expect(readdirSync(dir)).toEqual(['graph.bps.json']);
  });

  it.skipIf(asRoot && !rootSeesReadOnly)('in a read-only folder fails and creates nothing', async () => {
    const folder = readOnlyFolder();
    const before = readdirSync(folder);
    await expect(form.write(join(folder, 'graph.bps.json'), 'x')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EACCES|EROFS|EPERM)$/),
    });
    expect(readdirSync(folder)).toEqual(before);
  });

  it('writes through a symbolic link to the file it points to and keeps the link', async () => {
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'graph.bps.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.bps.json');
    symlinkSync('real/graph.bps.json', link);
    const linkToLink = join(dir, 'again.bps.json');
    symlinkSync(link, linkToLink);
    await form.write(link, 'v1');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('v1');
    await form.write(linkToLink, 'v2');
    expect(lstatSync(linkToLink).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('v2');
    expect(readdirSync(join(dir, 'real'))).toEqual(['graph.bps.json']);
    // A link to a file that is not there yet creates that file.
    const dangling = join(dir, 'dangling.bps.json');
    symlinkSync('real/new.bps.json', dangling);
    await form.write(dangling, 'fresh');
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'new.bps.json'), 'utf8')).toBe('fresh');
    // A loop of links is refused, naming the path.
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    await expect(form.write(join(dir, 'loop-a'), 'x')).rejects.toThrow(/loop-a: too many levels of symbolic links/);
  });

  it("keeps the file's mode", async () => {
    const path = join(dir, 'graph.bps.json');
    writeFileSync(path, 'old');
    for (const mode of [0o600, 0o640, 0o664, 0o444, 0o755]) {
      chmodSync(path, mode);
      await form.write(path, `mode ${mode}`);
      expect(statSync(path).mode & 0o777).toBe(mode);
      expect(readFileSync(path, 'utf8')).toBe(`mode ${mode}`);
    }
  });

  it.skipIf(!asRoot)("keeps the file's owner where it may (root)", async () => {
    const path = join(dir, 'graph.bps.json');
    writeFileSync(path, 'old');
    chownSync(path, 1234, 5678);
    await form.write(path, 'new');
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 5678 });
  });

  it('flushes the file before renaming it and the folder after', async () => {
    const steps: string[] = [];
    form.watch(steps);
    await form.write(join(dir, 'graph.bps.json'), 'x');
    expect(steps).toEqual(['sync file', 'rename', 'sync folder']);
  });

  it('saves a file whose name is as long as the file system allows', async () => {
    const names = [`${'n'.repeat(246)}.bps.json`, `${'я'.repeat(118)}.bps.json`, `${'😀'.repeat(61)}.bps.json`];
    for (const name of names) {
      expect(Buffer.byteLength(name)).toBeGreaterThan(240);
      expect(Buffer.byteLength(temporaryName(name))).toBeLessThanOrEqual(255);
      const path = join(dir, name);
      await form.write(path, 'long');
      await form.write(path, 'longer');
      expect(readFileSync(path, 'utf8')).toBe('longer');
    }
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
  });

  it('fails without creating anything when the folder does not exist', async () => {
    await expect(form.write(join(dir, 'missing', 'a.json'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
