package dev.corral.async.flow;

import java.util.Objects;

/**
 * How one task ended: a {@link Success} with its value or a {@link Failure} with its error. The settled forms of
 * {@link Async} ({@link Async#settled}, {@link Async#reflect}) collect these instead of failing fast, like
 * async.js's {@code reflect} or JavaScript's {@code Promise.allSettled}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value type of a success
 */
public sealed interface Outcome<T> {

  /** A successful outcome; {@code value} may be null when the task produced null. */
  static <T> Outcome<T> success(T value) {
    return new Success<>(value);
  }

  /**
   * A failed outcome.
   *
   * @throws NullPointerException if {@code error} is null
   */
  static <T> Outcome<T> failure(Throwable error) {
    return new Failure<>(error);
  }

  /** Whether this is a {@link Success}. */
  boolean isSuccess();

  /** A task that completed normally. */
  record Success<T>(T value) implements Outcome<T> {
    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /** A task that failed or was cancelled; {@code error} is never a {@code CompletionException} wrapper. */
  record Failure<T>(Throwable error) implements Outcome<T> {
    /** @throws NullPointerException if {@code error} is null */
    public Failure {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
