package dev.corral.async.flow;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** {@code whilst}, {@code doWhilst}, {@code forever} (and {@code until} forms by negation); see {@link Async}. */
final class Loops {
  private Loops() {}

  @SuppressWarnings("unchecked")
  static <T> CompletableFuture<Optional<T>> whilst(BooleanSupplier test, Task<? extends T> body) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(body, "body");
    Object none = new Object();
    return Stages.map(
        Chain.run(none, previous -> test.getAsBoolean() ? body.start() : null),
        last -> last == none ? Optional.empty() : Optional.ofNullable((T) last));
  }

  @SuppressWarnings("unchecked")
  static <T> CompletableFuture<T> doWhilst(Task<? extends T> body, Predicate<? super T> test) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(body, "body");
    Object none = new Object();
    return Stages.map(
        Chain.run(none, previous -> previous == none || test.test((T) previous) ? body.start() : null),
        last -> (T) last);
  }

  /** Runs {@code body} again and again; the future only ever completes with the first failure, or by cancel. */
  static CompletableFuture<Void> forever(Task<?> body) {
    Objects.requireNonNull(body, "body");
    return Stages.map(Chain.run(null, previous -> body.start()), ignored -> null);
  }

  /**
   * {@code whilst} with an async test: test, body, test, body... one stage at a time, until the test completes with
   * false; the last body result. A test that fails or completes with null fails the loop.
   */
  @SuppressWarnings("unchecked")
  static <T> CompletableFuture<Optional<T>> whilst(Task<Boolean> test, Task<? extends T> body) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(body, "body");
    // Steps run one after another, each happening-after the previous one, so these need no synchronization.
    Object[] lastBody = {NONE};
    boolean[] testing = {false};
    CompletableFuture<Object> run =
        Chain.run(
            NONE,
            previous -> {
              if (!testing[0]) {
                if (previous != NONE) {
                  lastBody[0] = previous;
                }
                testing[0] = true;
                return Stages.start(test::start);
              }
              testing[0] = false;
              if (previous == null) {
                throw new NullPointerException("test completed with null (expected: true or false)");
              }
              return (Boolean) previous ? Stages.start(body::start) : null;
            });
    return Stages.map(run, ignored -> lastBody[0] == NONE ? Optional.empty() : Optional.ofNullable((T) lastBody[0]));
  }

  /** An async test's negation, for {@code until}; cancelling it cancels the test. */
  static Task<Boolean> not(Task<Boolean> test) {
    Objects.requireNonNull(test, "test");
    return () -> Stages.map(Stages.start(test::start), verdict -> verdict == null ? null : !verdict);
  }

  private static final Object NONE = new Object();
}
