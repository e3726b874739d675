package dev.corral.gate.proxy;

/** The gate could not start or reload its listeners (for example an address already in use). */
public final class GateStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GateStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
