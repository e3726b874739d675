package dev.corral.spring.aop;

import dev.corral.limit.Decision;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;

/**
 * What to do around one annotated method, resolved and checked once: the rate limit (first), the Bagpipe
 * (second), the fallback (around both), for a value or a CompletionStage method. Immutable and thread-safe.
 */
final class MethodPlan {
  private final String where;
  private final RateLimitStep limit;  // null without @RateLimited
  private final BagpipeStep pipe;     // null without @Bagpipe
  private final Fallback fallback;    // null without a fallbackMethod
  private final Kind kind;

  /** What the method returns. */
  enum Kind { VALUE, STAGE, MONO, FLUX }

  MethodPlan(String where, RateLimitStep limit, BagpipeStep pipe, Fallback fallback, Kind kind) {
    this.where = where;
    this.limit = limit;
    this.pipe = pipe;
    this.fallback = fallback;
    this.kind = kind;
  }

  Object invoke(MethodInvocation invocation) throws Throwable {
    switch (kind) {
      case STAGE -> {
        return invokeAsync(invocation);
      }
      case MONO, FLUX -> {
        return ReactiveCalls.invoke(invocation, kind == Kind.FLUX, limit, pipe, fallback);
      }
      default -> {
        // a value: below
      }
    }
    try {
      return invokeHere(invocation);
    } catch (Throwable t) {
      if (fallback != null && fallback.handles(t)) {
        return fallback.invoke(invocation.getThis(), invocation.getArguments(), t);
      }
      throw t;
    }
  }

  private Object invokeHere(MethodInvocation invocation) throws Throwable {
    if (limit != null) {
      Decision d = limit.admit(invocation.getThis(), invocation.getArguments());
      try {
        limit.awaitDelay(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted during the delay of " + where);
      }
    }
    return pipe != null ? pipe.runHere(invocation::proceed) : invocation.proceed();
  }

  private CompletableFuture<Object> invokeAsync(MethodInvocation invocation) {
    CompletableFuture<Object> result;
    try {
      Supplier<CompletableFuture<Object>> call = () -> proceedAsync(invocation);
      Supplier<CompletableFuture<Object>> piped = pipe == null ? call : () -> pipe.submit(call);
      result = limit == null ? piped.get()
          : limit.afterDelay(limit.admit(invocation.getThis(), invocation.getArguments()), piped);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    if (fallback == null) {
      return result;
    }
    return result.exceptionallyCompose(e -> {
      Throwable cause = unwrap(e);
      if (!fallback.handles(cause)) {
        return CompletableFuture.failedFuture(cause);
      }
      try {
        return stage(fallback.invoke(invocation.getThis(), invocation.getArguments(), cause), "its fallback");
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
    });
  }

  private CompletableFuture<Object> proceedAsync(MethodInvocation invocation) {
    try {
      return stage(invocation.proceed(), where);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<Object> stage(Object value, String what) {
    if (value == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(what + " of " + where + " returned null instead of a CompletionStage"));
    }
    return ((CompletionStage<Object>) value).toCompletableFuture();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
