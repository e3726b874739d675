package dev.corral.spring.web.reactive;

import dev.corral.limit.Decision;
import dev.corral.spring.web.HttpLimitRule;
import dev.corral.spring.web.RateLimitHeaders;
import dev.corral.spring.web.RequestKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The WebFlux form of {@link dev.corral.spring.web.CorralRateLimitFilter}: the same rules, answers and headers,
 * without blocking. A limit_req delay waits on the limiter's clock without holding a thread; a {@code principal}
 * key is read from {@code exchange.getPrincipal()}. Order 0, after Spring Security's WebFilter (-100).
 * Thread-safe; the rules are immutable.
 */
public final class CorralRateLimitWebFilter implements WebFilter, Ordered {
  private static final byte[] BODY = "Too Many Requests\n".getBytes(StandardCharsets.UTF_8);

  private final List<HttpLimitRule> rules;

  /** A filter applying {@code rules} in order (see {@link HttpLimitRule#from}). */
  public CorralRateLimitWebFilter(List<HttpLimitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public int getOrder() {
    return 0;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (rules.isEmpty()) {
      return chain.filter(exchange);
    }
    return apply(0, exchange.getRequest().getPath().pathWithinApplication(), exchange, chain);
  }

  private Mono<Void> apply(int i, PathContainer path, ServerWebExchange exchange, WebFilterChain chain) {
    for (int r = i; r < rules.size(); r++) {
      HttpLimitRule rule = rules.get(r);
      if (rule.matches(path)) {
        int next = r + 1;
        return key(rule.key(), exchange).flatMap(key -> {
          Decision d = rule.limiter().decide(key, 1);
          HttpHeaders headers = exchange.getResponse().getHeaders();
          headers.add(RateLimitHeaders.POLICY, RateLimitHeaders.policy(rule.limiter(), d));
          headers.add(RateLimitHeaders.LIMIT, RateLimitHeaders.limit(rule.limiter(), d));
          if (d.rejected()) {
            return refuse(exchange.getResponse(), d);
          }
          Mono<Void> rest = Mono.defer(() -> apply(next, path, exchange, chain));
          if (d.delayNanos() == 0) {
            return rest;
          }
          return Mono.fromFuture(CompletableFuture.runAsync(() -> { },
              rule.limiter().ticker().delayedExecutor(d.delayNanos())), true).then(rest);
        });
      }
    }
    return chain.filter(exchange);
  }

  /** The request's key; "" for a single limiter (whose decide ignores it). */
  private static Mono<String> key(RequestKey key, ServerWebExchange exchange) {
    if (key == null) {
      return Mono.just("");
    }
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    String peer = remote == null ? "unknown"
        : remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    HttpHeaders headers = exchange.getRequest().getHeaders();
    String forwarded = key.trustForwarded() ? headers.getFirst("X-Forwarded-For") : null;
    return switch (key.kind()) {
      case CLIENT_ADDRESS -> Mono.just(key.of(peer, forwarded, null));
      case HEADER -> Mono.just(key.of(peer, forwarded, headers.getFirst(key.header())));
      case PRINCIPAL -> exchange.getPrincipal().map(Principal::getName).map(name -> key.of(peer, forwarded, name))
          .defaultIfEmpty(key.of(peer, forwarded, null));
    };
  }

  private static Mono<Void> refuse(ServerHttpResponse response, Decision d) {
    response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
    String retry = RateLimitHeaders.retryAfter(d.retryAfterNanos());
    if (retry != null) {
      response.getHeaders().set(RateLimitHeaders.RETRY_AFTER, retry);
    }
    response.getHeaders().setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
    response.getHeaders().setContentLength(BODY.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(BODY)));
  }
}
