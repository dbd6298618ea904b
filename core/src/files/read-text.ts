import fs from 'node:fs';

const missing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** The file's text, or undefined when it does not exist (any other failure is thrown). */
export function readTextIfExistsSync(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** The file's text, or undefined when it does not exist (any other failure is thrown). */
export async function readTextIfExists(file: string): Promise<string | undefined> {
  return fs.promises.readFile(file, 'utf8').catch((error: unknown) => {
    if (missing(error)) return undefined;
    throw error;
  });
}
