/**
 * Where the police writes to each profile. The team config names everyone's email; a profile that is
 * not in it (made by hand in the console) falls back to the original's rule, `<first.last>@<domain>`.
 */
export interface AddressBook {
  /** Profile name -> email, from the team config. */
  byProfile: Readonly<Record<string, string>>;
  /** The team's mail domain, for profiles the config does not list. */
  emailDomain?: string | undefined;
}

export function addressOf(book: AddressBook, profile: string): string | undefined {
  const listed = book.byProfile[profile];
  if (listed) return listed;
  // Profiles replaced the person's dots with dashes; the original mailed the dotted name back.
  return book.emailDomain ? `${profile.replace(/-/g, '.')}@${book.emailDomain}` : undefined;
}
