package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A chain of async functions applied one after another, each to the previous one's result (async.js {@code seq},
 * and {@code compose} read right to left): made by {@link Async#seq} or {@link Async#compose}, extended with
 * {@link #then}.
 *
 * <pre>{@code
 * Seq<String, Integer> pageSize = Async.seq(this::fetchAsync).then(page -> completedFuture(page.length()));
 * CompletableFuture<Integer> size = pageSize.apply("https://example.com");
 * }</pre>
 *
 * <p><b>Contract of {@link #apply}.</b> Step {@code i+1} starts when step {@code i} has completed, on the thread that
 * completed it, with its result (happens-after). The first failure completes the result with that failure (a step
 * that throws or returns null counts as failed) and no later step starts. Cancelling the result cancels the running
 * step and starts no other.
 *
 * <p>Immutable and thread-safe: {@code then} returns a new chain, and one chain may be applied any number of times,
 * concurrently; each application is independent.
 *
 * @param <I> the input of the first step
 * @param <O> the result of the last step
 */
public final class Seq<I, O> implements Function<I, CompletableFuture<O>> {
  private final List<Function<Object, CompletionStage<?>>> steps;

  private Seq(List<Function<Object, CompletionStage<?>>> steps) {
    this.steps = steps;
  }

  /** A one-step chain. */
  static <I, O> Seq<I, O> of(Function<? super I, ? extends CompletionStage<? extends O>> first) {
    return new Seq<I, O>(List.of()).append(first);
  }

  /** A chain of same-typed steps, in list order; with no steps, it returns its input. */
  static <T> Seq<T, T> ofAll(List<? extends Function<? super T, ? extends CompletionStage<? extends T>>> steps) {
    Objects.requireNonNull(steps, "steps");
    Seq<T, T> seq = new Seq<>(List.of());
    for (int i = 0; i < steps.size(); i++) {
      seq = seq.append(Objects.requireNonNull(steps.get(i), "steps[" + i + "]"));
    }
    return seq;
  }

  /**
   * A chain that applies {@code next} to this chain's result.
   *
   * @throws NullPointerException if {@code next} is null
   */
  public <R> Seq<I, R> then(Function<? super O, ? extends CompletionStage<? extends R>> next) {
    return append(next);
  }

  @SuppressWarnings("unchecked")
  private <A, R> Seq<I, R> append(Function<? super A, ? extends CompletionStage<? extends R>> next) {
    Objects.requireNonNull(next, "next");
    List<Function<Object, CompletionStage<?>>> longer = new ArrayList<>(steps.size() + 1);
    longer.addAll(steps);
    // Stages.start turns a throw or a null into a failed step, so a step never ends the chain early.
    longer.add(previous -> Stages.start(() -> next.apply((A) previous)));
    return new Seq<>(Collections.unmodifiableList(longer));
  }

  /** Runs the chain on {@code input}; see the class comment for ordering, failure and cancellation. */
  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<O> apply(I input) {
    return Stages.map(Chain.run(input, steps), last -> (O) last);
  }
}
