import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** An installer may write its own token; any long enough run of visible ASCII will do. */
const TOKEN_PATTERN = /^[\x21-\x7e]{32,512}$/;

/**
 * Returns the bearer token kept in `file`, creating the file with a random 32-byte token when it
 * does not exist yet.
 *
 * The new token is written to a temporary 0600 file beside the target and then moved into place,
 * so a reader never sees a half-written token. The move uses link(2), not rename(2): when two
 * processes start at once, rename would let the second silently replace the first one's token
 * while the first already serves with it; link refuses, and the loser reads the winner's token.
 */
export async function ensureTokenFile(file: string): Promise<string> {
  const existing = await readTokenFile(file);
  if (existing !== undefined) return existing;

  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await fs.link(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
  const token = await readTokenFile(file);
  if (token === undefined) throw new Error(`token file ${file} vanished while it was being created`);
  return token;
}

/** The token in `file`, or undefined when there is no such file. */
async function readTokenFile(file: string): Promise<string | undefined> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Like ssh with a private key: a token others can read is no secret, so refuse to run with it.
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new Error(`token file ${file} has mode ${mode}; it must be readable by its owner only (chmod 600)`);
  }
  const token = (await fs.readFile(file, 'utf8')).trim();
  // Never echo the content: a malformed file may still hold a real secret.
  if (!TOKEN_PATTERN.test(token)) {
    throw new Error(
      `token file ${file} does not hold a token (32 to 512 visible ASCII characters); delete it to get a new one`,
    );
  }
  return token;
}
