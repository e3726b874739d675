package dev.corral.gate.limit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One gate's connection to one Redis, for the zones whose {@code backend=} names it. It connects in the
 * background and never blocks a caller: a command issued while a connection attempt is under way is sent when
 * it succeeds (the limiter's timeout bounds the wait); while there is no connection and no attempt (Redis was
 * down), every command fails at once, so the limiters' failure policy decides, and a new attempt starts at most
 * every {@link #RETRY} while commands keep arriving. Once connected, Lettuce reconnects
 * by itself after a drop and refuses commands while disconnected ({@code REJECT_COMMANDS}), so nothing queues.
 *
 * <p>Thread-safe: {@link #commands()} is called from every event loop; replies complete on Lettuce's threads.
 */
final class RedisLink implements AutoCloseable {
  static final Duration RETRY = Duration.ofMillis(250);

  private final String url;
  private final RedisClient client;
  private final RedisURI uri;
  private final RedisScriptingAsyncCommands<String, String> commands;
  private final AtomicBoolean connecting = new AtomicBoolean();
  /** The attempt under way, if any. */
  private volatile CompletableFuture<StatefulRedisConnection<String, String>> attempt;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long retryAt = System.nanoTime();
  private volatile boolean closed;

  @SuppressWarnings("unchecked")
  RedisLink(String url, String host, int port, int database, ClientResources resources) {
    this.url = url;
    this.uri = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
        .withTimeout(Duration.ofSeconds(5)).build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .autoReconnect(true).build());
    this.commands = (RedisScriptingAsyncCommands<String, String>) Proxy.newProxyInstance(
        RedisScriptingAsyncCommands.class.getClassLoader(), new Class<?>[] {RedisScriptingAsyncCommands.class},
        (proxy, method, args) -> invoke(method, args));
    connect();
  }

  String url() {
    return url;
  }

  /**
   * Waits up to {@code wait} for the connection attempt under way (called while a configuration is loaded, never
   * on an event loop), so that the first requests find the link up; returns whether it is up.
   */
  boolean awaitConnected(Duration wait) {
    CompletableFuture<StatefulRedisConnection<String, String>> pending = attempt;
    if (connection == null && pending != null) {
      try {
        pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // down or slow: the zones' failure policy decides meanwhile
      }
    }
    return connection != null;
  }

  /** Commands on the current connection; each fails at once while there is none. */
  RedisScriptingAsyncCommands<String, String> commands() {
    return commands;
  }

  private Object invoke(Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "toString" -> "RedisLink[" + url + "]";
        case "hashCode" -> System.identityHashCode(this);
        case "equals" -> args[0] == commands;
        default -> throw new UnsupportedOperationException(method.getName());
      };
    }
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return call(c, method, args);
    }
    connect();
    CompletableFuture<StatefulRedisConnection<String, String>> pending = attempt;
    Deferred<Object> deferred = new Deferred<>();
    if (pending == null) {
      deferred.completeExceptionally(new RedisConnectionException("not connected to " + url));
      return deferred;
    }
    pending.whenComplete((connected, error) -> {
      if (error != null) {
        deferred.completeExceptionally(error);
        return;
      }
      try {
        ((RedisFuture<?>) call(connected, method, args)).whenComplete((value, failure) -> {
          if (failure != null) {
            deferred.completeExceptionally(failure);
          } else {
            deferred.complete(value);
          }
        });
      } catch (Throwable t) {
        deferred.completeExceptionally(t);
      }
    });
    return deferred;
  }

  private static Object call(StatefulRedisConnection<String, String> c, Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(c.async(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void connect() {
    if (closed || System.nanoTime() - retryAt < 0 || !connecting.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<StatefulRedisConnection<String, String>> started =
        client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    attempt = started;
    started.whenComplete((c, error) -> {
      if (error != null) {
        retryAt = System.nanoTime() + RETRY.toNanos();
      } else if (closed) {
        c.closeAsync();
      } else {
        connection = c;
      }
      attempt = null;
      connecting.set(false);
    });
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    connection = null;
    if (c != null) {
      c.closeAsync();
    }
    client.shutdownAsync(0, 2, TimeUnit.SECONDS);
  }

  /** A command sent once the connection is up, or never (failed). */
  private static final class Deferred<V> extends CompletableFuture<V> implements RedisFuture<V> {
    @Override
    public String getError() {
      try {
        join();
        return null;
      } catch (RuntimeException e) {
        return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      }
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        get(timeout, unit);
      } catch (java.util.concurrent.ExecutionException e) {
        return true;
      } catch (java.util.concurrent.TimeoutException e) {
        return false;
      }
      return true;
    }
  }
}
