package dev.corral.spring.aop;

import dev.corral.async.TaskTimeoutException;
import dev.corral.limit.Decision;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code Mono} / {@code Flux} forms of a {@link MethodPlan}; loaded only when a method returns one, so
 * Reactor stays optional. Everything happens per subscription, as Reactor's operators do: each subscription
 * takes its permits and its pipe slot, and the method itself is called at subscription time.
 *
 * <ul>
 *   <li>A refusal is an error signal ({@code LimiterRateLimitedException}, {@code TaskRejectedException}).</li>
 *   <li>A {@code Mono} is submitted to the pipe as a stage; cancelling the subscription cancels its task.</li>
 *   <li>A {@code Flux} holds its slot from its start until it terminates or is cancelled; on the pipe's timeout
 *       it stops and signals {@code TaskTimeoutException}.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class ReactiveCalls {
  private ReactiveCalls() {
  }

  static Object invoke(MethodInvocation invocation, boolean flux, RateLimitStep limit, BagpipeStep pipe,
                       Fallback fallback) {
    return flux ? flux(invocation, limit, pipe, fallback) : mono(invocation, limit, pipe, fallback);
  }

  private static Mono<Object> mono(MethodInvocation invocation, RateLimitStep limit, BagpipeStep pipe,
                                   Fallback fallback) {
    Supplier<Mono<Object>> call = () -> Mono.defer(() -> proceed(invocation, Mono.class));
    Supplier<Mono<Object>> piped = pipe == null ? call
        : () -> Mono.fromFuture(() -> pipe.submit(() -> call.get().toFuture()), false);
    Mono<Object> result = limit == null ? Mono.defer(piped)
        : Mono.defer(() -> afterDecision(limit, limit.admit(invocation.getThis(), invocation.getArguments()))
            .then(Mono.defer(piped)));
    if (fallback == null) {
      return result;
    }
    return result.onErrorResume(fallback::handles, e -> Mono.defer(() -> callFallback(invocation, fallback, e, Mono.class)));
  }

  private static Flux<Object> flux(MethodInvocation invocation, RateLimitStep limit, BagpipeStep pipe,
                                   Fallback fallback) {
    Supplier<Flux<Object>> call = () -> Flux.defer(() -> proceed(invocation, Flux.class));
    Supplier<Flux<Object>> piped = pipe == null ? call : () -> holdingSlot(pipe, call);
    Flux<Object> result = limit == null ? Flux.defer(piped)
        : Flux.defer(() -> afterDecision(limit, limit.admit(invocation.getThis(), invocation.getArguments()))
            .thenMany(Flux.defer(piped)));
    if (fallback == null) {
      return result;
    }
    return result.onErrorResume(fallback::handles, e -> Flux.defer(() -> callFallback(invocation, fallback, e, Flux.class)));
  }

  /** A Flux that takes a slot of the pipe when subscribed and gives it back when it ends. */
  private static Flux<Object> holdingSlot(BagpipeStep pipe, Supplier<Flux<Object>> call) {
    CompletableFuture<Void> admitted = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> timedOut = new CompletableFuture<>();
    AtomicReference<Throwable> timeout = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CompletableFuture<Void> slot = pipe.submit(() -> {
      admitted.complete(null);
      return release;
    });
    slot.whenComplete((v, e) -> {
      Throwable cause = unwrap(e);
      if (cause instanceof TaskTimeoutException) {
        timeout.set(cause);
        timedOut.complete(null);
      }
      if (cause != null) {
        admitted.completeExceptionally(cause);
      }
    });
    return Mono.fromFuture(admitted, true)
        .thenMany(Flux.defer(call))
        .takeUntilOther(Mono.fromFuture(timedOut, true).thenReturn(Boolean.TRUE))
        .concatWith(Mono.defer(() -> timeout.get() == null ? Mono.empty() : Mono.error(timeout.get())))
        .doOnError(failure::set)
        .doFinally(signal -> {
          if (!admitted.isDone()) {
            slot.cancel(true);          // still waiting: the task leaves the queue
          } else if (failure.get() != null) {
            release.completeExceptionally(failure.get());
          } else {
            release.complete(null);
          }
        });
  }

  private static Mono<Void> afterDecision(RateLimitStep limit, Decision d) {
    if (d.delayNanos() == 0) {
      return Mono.empty();
    }
    return Mono.fromFuture(() -> limit.afterDelay(d, () -> CompletableFuture.completedFuture(null)), true).then();
  }

  @SuppressWarnings("unchecked")
  private static <P> P proceed(MethodInvocation invocation, Class<P> type) {
    Object value;
    try {
      value = invocation.proceed();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new CompletionException(t);
    }
    if (value == null) {
      throw new NullPointerException(invocation.getMethod().getName() + " returned null instead of a "
          + type.getSimpleName());
    }
    return (P) value;
  }

  @SuppressWarnings("unchecked")
  private static <P> P callFallback(MethodInvocation invocation, Fallback fallback, Throwable e, Class<P> type) {
    try {
      return (P) fallback.invoke(invocation.getThis(), invocation.getArguments(), e);
    } catch (RuntimeException | Error x) {
      throw x;
    } catch (Throwable t) {
      throw new CompletionException(t);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
