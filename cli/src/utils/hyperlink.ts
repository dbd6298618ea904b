/** An OSC-8 terminal hyperlink: `text` is clickable in terminals that support it, plain elsewhere. */
export const hyperlink = (url: string, text: string): string => `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
