package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A typed waterfall: a first task, then steps that each receive the previous step's result, run one at a time.
 * Build it with {@link Async#waterfall(Task)} and {@link #then(Function)}, then {@link #run()} it:
 *
 * <pre>{@code
 * CompletableFuture<Invoice> invoice =
 *     Async.waterfall(() -> users.find(id))       // CompletionStage<User>
 *         .then(user -> orders.latest(user))        // CompletionStage<Order>
 *         .then(order -> billing.invoice(order))    // CompletionStage<Invoice>
 *         .run();
 * }</pre>
 *
 * <p>The first failure ends the waterfall with that failure; later steps never start. Cancelling the future from
 * {@link #run()} cancels the running step.
 *
 * <p>Immutable and thread-safe: {@code then} returns a new waterfall, and one waterfall may be run any number of
 * times, concurrently.
 *
 * @param <T> the result type of the last step
 */
public final class Waterfall<T> {
  private final List<Function<Object, ? extends CompletionStage<?>>> steps;

  private Waterfall(List<Function<Object, ? extends CompletionStage<?>>> steps) {
    this.steps = steps;
  }

  static <T> Waterfall<T> of(Task<T> first) {
    Objects.requireNonNull(first, "first");
    return new Waterfall<>(List.of(ignored -> first.start()));
  }

  /**
   * A waterfall that runs this one, then {@code step} with its result.
   *
   * @throws NullPointerException if {@code step} is null
   */
  @SuppressWarnings("unchecked")
  public <R> Waterfall<R> then(Function<? super T, ? extends CompletionStage<R>> step) {
    Objects.requireNonNull(step, "step");
    List<Function<Object, ? extends CompletionStage<?>>> longer = new ArrayList<>(steps);
    longer.add(previous -> step.apply((T) previous));
    return new Waterfall<>(Collections.unmodifiableList(longer));
  }

  /** Starts a run; the future completes with the last step's result, or the first failure. */
  @SuppressWarnings("unchecked")
  public CompletableFuture<T> run() {
    return (CompletableFuture<T>) (CompletableFuture<?>) Chain.run(null, steps);
  }
}
