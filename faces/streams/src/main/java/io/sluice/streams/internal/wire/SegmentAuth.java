package io.sluice.streams.internal.wire;

/**
 * Decides whether a request's delegation token allows an operation on a segment. Implementations
 * are thread-safe.
 */
public interface SegmentAuth {
  /** What a token is checked against. */
  enum Access {
    READ,
    WRITE
  }

  /** The outcome of a check, numbered as AuthTokenCheckFailed's error codes where they apply. */
  enum Verdict {
    ALLOWED,
    DENIED,
    EXPIRED
  }

  Verdict check(String token, String segment, Access access);

  /** Allows everything: auth is off. */
  SegmentAuth OFF = (token, segment, access) -> Verdict.ALLOWED;
}
