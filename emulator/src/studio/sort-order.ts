/**
 * The model's docs say list operations default to Ascending, but Studio's console and CLI show the
 * newest first and our tools were written against that; the default here is Descending. Callers that
 * care (ours do) pass SortOrder explicitly, which behaves the same on both.
 */
export const isDescending = (sortOrder: unknown): boolean => sortOrder !== 'Ascending';
