package dev.corral.spring;

import dev.corral.limit.RateLimitedException;
import dev.corral.spring.annotation.Bagpipe;
import dev.corral.spring.annotation.RateLimited;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A bean with Mono and Flux methods under the annotations. */
public class ReactiveService {
  private final AtomicInteger calls = new AtomicInteger();

  /** How often a method body ran. */
  public int calls() {
    return calls.get();
  }

  @RateLimited(name = "single")
  public Mono<String> mono() {
    return Mono.fromSupplier(() -> "mono " + calls.incrementAndGet());
  }

  @RateLimited(name = "perUser", key = "#user", fallbackMethod = "later")
  public Mono<String> greet(String user) {
    return Mono.just("hello " + user);
  }

  Mono<String> later(String user, RateLimitedException e) {
    return Mono.just("later " + user);
  }

  /** Never completes by itself: holds the pipe's slot until cancelled or timed out. */
  @Bagpipe("one")
  public Flux<String> stream() {
    calls.incrementAndGet();
    return Flux.concat(Flux.just("first"), Flux.never());
  }

  @Bagpipe("one")
  public Flux<String> finite() {
    return Flux.just("a", "b");
  }

  @Bagpipe("one")
  public Mono<String> piped() {
    return Mono.just("piped");
  }

  @Bagpipe("timed")
  public Flux<String> slowStream() {
    return Flux.never();
  }
}
