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
}
