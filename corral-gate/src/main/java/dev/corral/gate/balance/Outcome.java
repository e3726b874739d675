package dev.corral.gate.balance;

/** How a try on a peer ended, as nginx's {@code NGX_PEER_*} states when it frees a peer. */
public enum Outcome {
  /** The peer answered (any status not turned into a failure). Resets its failure count once probed. */
  SUCCESS,
  /** An error, a timeout, an invalid header, or a status listed in {@code proxy_next_upstream}: counted. */
  FAILURE,
  /** The try ended without judging the peer (for example {@code http_404} listed in next_upstream). */
  NEUTRAL
}
