package dev.corral.gate.admin;

/**
 * A runtime API call that failed, with one line saying why: the socket is missing or refuses connections, the
 * gate did not answer in time, or it refused the request (unknown upstream or server, bad field …; then
 * {@link #status()} is the HTTP status and {@link #code()} nginx Plus's error code).
 */
public final class GateAdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  GateAdminException(String message, int status, String code, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  GateAdminException(String message, Throwable cause) {
    this(message, 0, "", cause);
  }

  /** The HTTP status of the gate's refusal (404, 400, 409 …), or 0 when the gate gave no answer. */
  public int status() {
    return status;
  }

  /** nginx Plus's error code ({@code UpstreamNotFound} …), or empty when the gate gave no answer. */
  public String code() {
    return code;
  }
}
