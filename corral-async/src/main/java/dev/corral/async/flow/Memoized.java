package dev.corral.async.flow;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An async function that remembers its results (async.js {@code memoize}): made by {@link Async#memoize}.
 *
 * <p><b>Contract.</b> For each key (the input itself, or what the hasher makes of it) the underlying function is
 * called <em>at most once at a time</em>: calls for a key whose first call is still running wait for it and get its
 * result, however many threads call at once. A success is kept, and later calls for that key complete at once
 * without calling the function. A failure is not kept: every call waiting for it gets that failure, and the next
 * call for the key calls the function again (async.js does the same). {@link #forget} and {@link #clear} drop keys.
 *
 * <p><b>Cancellation.</b> Each call returns its own future: cancelling it releases that caller only, never the
 * shared computation other callers may be waiting for.
 *
 * <p><b>Memory.</b> Results are kept until forgotten, one entry per distinct key: bound the key space, or
 * {@link #forget} keys, for long-lived instances. A {@code null} key is allowed.
 *
 * <p>Thread-safe. The function is called on the thread that made the first call for a key, never while a lock is
 * held, so it may itself call this memoized function (for other keys).
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public final class Memoized<I, O> implements Function<I, CompletableFuture<O>> {
  /** Stands for the null key, which {@link ConcurrentHashMap} does not take. */
  private static final Object NULL_KEY = new Object();

  private final Function<? super I, ? extends CompletionStage<? extends O>> function;
  private final Function<? super I, ?> hasher;

  /** Key to the running or successful call. A failed call's entry is removed before its waiters see the failure. */
  private final ConcurrentHashMap<Object, CompletableFuture<O>> memo = new ConcurrentHashMap<>();

  Memoized(Function<? super I, ? extends CompletionStage<? extends O>> function, Function<? super I, ?> hasher) {
    this.function = Objects.requireNonNull(function, "function");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /**
   * The result for {@code input}: the kept one, the running call's, or a new call's.
   *
   * @return a future of its own per call; fails as the function's call failed (a function that throws or returns
   *     null counts as failed), or with what the hasher threw
   */
  @Override
  public CompletableFuture<O> apply(I input) {
    Object key;
    try {
      key = keyOf(input);
    } catch (RuntimeException | Error hasherFailure) {
      return CompletableFuture.failedFuture(hasherFailure);
    }
    CompletableFuture<O> shared = memo.get(key);
    if (shared == null) {
      CompletableFuture<O> mine = new CompletableFuture<>();
      shared = memo.putIfAbsent(key, mine);
      if (shared == null) {
        shared = mine;
        call(key, input, mine);
      }
    }
    return shared.copy();
  }

  private void call(Object key, I input, CompletableFuture<O> target) {
    Stages.<O>start(() -> function.apply(input))
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                target.complete(value);
              } else {
                memo.remove(key, target); // before the waiters hear of it: the next call tries again
                target.completeExceptionally(Stages.unwrap(failure));
              }
            });
  }

  /**
   * Drops what is kept for {@code input}: the next call for it calls the function again. Callers already waiting for
   * a running call still get its result.
   */
  public void forget(I input) {
    memo.remove(keyOf(input));
  }

  /** {@link #forget}s every key. */
  public void clear() {
    memo.clear();
  }

  /** The original function, which calls through every time (async.js {@code unmemoize}). */
  public Function<I, CompletableFuture<O>> unmemoized() {
    return input -> Stages.start(() -> function.apply(input));
  }

  private Object keyOf(I input) {
    Object key = hasher.apply(input);
    return key == null ? NULL_KEY : key;
  }
}
