package dev.corral.spring.bagpipe;

import java.time.Duration;

/**
 * A value-returning {@code @Bagpipe} method outlived its pipe's timeout: its slot was freed and its thread
 * interrupted. (A {@code CompletionStage} method fails with the library's checked
 * {@link dev.corral.async.TaskTimeoutException} instead.) The cause is what the method threw after the
 * interrupt, if anything.
 */
public final class BagpipeTimeoutException extends RuntimeException {

  private final String bagpipe;
  private final Duration timeout;

  /**
   * @param bagpipe the {@code NAME} of the pipe
   * @param timeout its timeout
   * @param cause   what the method threw after the interrupt, or null
   */
  public BagpipeTimeoutException(String bagpipe, Duration timeout, Throwable cause) {
    super("corral.bagpipe." + bagpipe + ": call timed out after " + timeout, cause);
    this.bagpipe = bagpipe;
    this.timeout = timeout;
  }

  /** The {@code NAME} of {@code corral.bagpipe.NAME}. */
  public String bagpipe() {
    return bagpipe;
  }

  /** The pipe's timeout. */
  public Duration timeout() {
    return timeout;
  }
}
