package dev.corral.spring.web.reactive;

import dev.corral.limit.RateLimitedException;
import dev.corral.spring.web.RateLimitHeaders;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers a {@link RateLimitedException} that escapes a WebFlux handler (a {@code @RateLimited} method's error
 * signal) with {@code 429} and {@code Retry-After}; any other error goes on to the next handler. Order -2, just
 * before Spring Boot's error handler (-1). Stateless and thread-safe.
 */
public final class RateLimitedWebExceptionHandler implements WebExceptionHandler, Ordered {

  @Override
  public int getOrder() {
    return -2;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (!(ex instanceof RateLimitedException refused) || exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    exchange.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
    String retry = refused.retryAfterNanos() > 0 ? RateLimitHeaders.retryAfter(refused.retryAfterNanos()) : null;
    if (retry != null) {
      exchange.getResponse().getHeaders().set(RateLimitHeaders.RETRY_AFTER, retry);
    }
    return exchange.getResponse().setComplete();
  }
}
