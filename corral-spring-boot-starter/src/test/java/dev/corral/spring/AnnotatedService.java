package dev.corral.spring;

import dev.corral.limit.RateLimitedException;
import dev.corral.spring.annotation.Bagpipe;
import dev.corral.spring.annotation.RateLimited;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/** A bean with every kind of annotated method the tests call; records which thread ran what. */
public class AnnotatedService {

  /** A value with a nested property, for SpEL keys. */
  public record User(String id) {}

  // Read through the getters: the bean the tests hold is a class-based proxy, whose own fields are unset.
  private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
  private final Queue<CompletableFuture<String>> pending = new ConcurrentLinkedQueue<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch leave = new CountDownLatch(1);

  public Queue<Thread> threads() {
    return threads;
  }

  public Queue<CompletableFuture<String>> pending() {
    return pending;
  }

  public CountDownLatch entered() {
    return entered;
  }

  public CountDownLatch leave() {
    return leave;
  }

  @RateLimited(name = "single")
  public String single() {
    return "ok";
  }

  @RateLimited(name = "perUser", key = "#user.id")
  public String perUser(User user) {
    return "hello " + user.id();
  }

  @RateLimited(name = "perUser", key = "#p0 + ':' + #p1", permits = 1)
  public CompletionStage<String> perUserAsync(String tenant, String user) {
    return CompletableFuture.completedFuture("async " + tenant + ":" + user);
  }

  @RateLimited(name = "perUser", key = "#id", fallbackMethod = "cached")
  public String withFallback(String id) {
    return "fresh " + id;
  }

  String cached(String id, RateLimitedException e) {
    return "cached " + id + " (retry after " + e.retryAfter() + ")";
  }

  @RateLimited(name = "perUser", key = "#id", fallbackMethod = "cachedAsync")
  public CompletableFuture<String> withAsyncFallback(String id) {
    return CompletableFuture.completedFuture("fresh " + id);
  }

  CompletableFuture<String> cachedAsync(String id, RateLimitedException e) {
    return CompletableFuture.completedFuture("cached " + id);
  }

  @RateLimited(name = "delayed")
  public String delayed() {
    return "late";
  }

  /** Blocks until {@link #leave()} opens, holding the pipe's only slot. */
  @Bagpipe("one")
  public String hold() throws InterruptedException {
    threads.add(Thread.currentThread());
    entered.countDown();
    leave.await();
    return "held";
  }

  @Bagpipe("one")
  public String quick() {
    threads.add(Thread.currentThread());
    return "quick";
  }

  /** Returns a stage the test completes from {@link #pending()}. */
  @Bagpipe("async")
  public CompletableFuture<String> asyncCall() {
    CompletableFuture<String> f = new CompletableFuture<>();
    pending.add(f);
    return f;
  }

  /** Waits until interrupted (by the pipe's timeout). */
  @Bagpipe("timed")
  public String untilInterrupted() throws InterruptedException {
    entered.countDown();
    new CountDownLatch(1).await();
    return "never";
  }
}
