/**
 * The Docker section's marked blocks in ~/.ssh/config and ~/.profile are spliced by core/src/files,
 * as `sm-ssh init` keeps its own block; only where a block goes in an ssh config is said here.
 */
export { type BlockMarkers, MarkedBlockError, readMarkedBlock, upsertMarkedBlock } from '../files';

/** An ssh config line that opens a section: `Host …` or `Match …` (any case, `=` allowed). */
export const opensSshSection = (line: string): boolean => /^(host|match)(\s|=)/i.test(line);
