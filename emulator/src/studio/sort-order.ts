/**
 * The model's docs say list operations default to Ascending (by CreationTime); the emulator does what
 * AWS does, so a caller that forgets SortOrder sees here what it would see there.
 */
export const isDescending = (sortOrder: unknown): boolean => sortOrder === 'Descending';
