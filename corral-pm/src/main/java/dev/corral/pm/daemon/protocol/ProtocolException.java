package dev.corral.pm.daemon.protocol;

import dev.corral.pm.PmException;

/**
 * A message that is not a valid protocol message: not JSON, an unknown command, an argument of the wrong type or
 * value, another protocol version. {@link #code()} is the error code the daemon answers with ({@code protocol},
 * {@code invalid} or {@code version}); the message is one line naming what was wrong.
 */
public final class ProtocolException extends PmException {
  private static final long serialVersionUID = 1L;

  /** Not JSON, not an object, or an unknown command. */
  public static final String MALFORMED = "protocol";
  /** A known command with an argument of the wrong type or value. */
  public static final String INVALID = "invalid";
  /** Another protocol version. */
  public static final String VERSION = "version";

  private final String code;

  /** @param code one of {@link #MALFORMED}, {@link #INVALID}, {@link #VERSION} */
  public ProtocolException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The error code the daemon answers with. */
  public String code() {
    return code;
  }
}
