// What a webview panel posted to its page, as its test channel recorded it (panel.channel.posted).

/** A panel whose channel records the messages it posts. */
export interface Recording<M extends { type: string }> {
  readonly channel: { readonly posted: readonly M[] };
}

/** The messages of one type the panel posted, from index `after` on, in order. */
export function allPosted<M extends { type: string }, T extends M['type']>(panel: Recording<M>, type: T, after = 0): Extract<M, { type: T }>[] {
  return panel.channel.posted.slice(after).filter((m): m is Extract<M, { type: T }> => m.type === type);
}

/** The latest message of one type the panel posted (from index `after` on), if any. */
export function lastPosted<M extends { type: string }, T extends M['type']>(panel: Recording<M>, type: T, after = 0): Extract<M, { type: T }> | undefined {
  return allPosted(panel, type, after).at(-1);
}
