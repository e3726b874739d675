package dev.corral.spring.web;

import dev.corral.limit.Decision;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Spring MVC filter of {@code corral.http.limits}: every rule whose pattern matches the request's path takes
 * a permit, in order; the first refusal answers {@code 429 Too Many Requests} with {@code Retry-After}, and every
 * limited answer carries the {@code RateLimit-Policy} and {@code RateLimit} headers ({@link RateLimitHeaders}).
 * A limit_req limiter without {@code nodelay} delays the requests it admits late, on the request's thread, as
 * nginx does. Runs at order 0: after Spring Security's filters (-100), so {@code principal} keys see the user.
 * Thread-safe; the rules are immutable.
 */
public final class CorralRateLimitFilter extends OncePerRequestFilter implements Ordered {
  /** The filter's order: after Spring Security's chain. */
  public static final int ORDER = 0;

  private final List<HttpLimitRule> rules;

  /** A filter applying {@code rules} in order (see {@link HttpLimitRule#from}). */
  public CorralRateLimitFilter(List<HttpLimitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return rules.isEmpty();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
    for (HttpLimitRule rule : rules) {
      if (!rule.matches(path)) {
        continue;
      }
      Decision d = rule.limiter().decide(rule.key() == null ? null : key(rule.key(), request), 1);
      response.addHeader(RateLimitHeaders.POLICY, RateLimitHeaders.policy(rule.limiter(), d));
      response.addHeader(RateLimitHeaders.LIMIT, RateLimitHeaders.limit(rule.limiter(), d));
      if (d.rejected()) {
        refuse(response, d);
        return;
      }
      if (d.delayNanos() > 0) {
        try {
          rule.limiter().ticker().sleep(d.delayNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ServletException("interrupted during the delay of corral.limit." + rule.limiter().name(), e);
        }
      }
    }
    chain.doFilter(request, response);
  }

  private static String key(RequestKey key, HttpServletRequest request) {
    String value = switch (key.kind()) {
      case HEADER -> request.getHeader(key.header());
      case PRINCIPAL -> request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
      case CLIENT_ADDRESS -> null;
    };
    return key.of(request.getRemoteAddr(), key.trustForwarded() ? request.getHeader("X-Forwarded-For") : null, value);
  }

  private static void refuse(HttpServletResponse response, Decision d) throws IOException {
    response.setStatus(429);
    String retry = RateLimitHeaders.retryAfter(d.retryAfterNanos());
    if (retry != null) {
      response.setHeader(RateLimitHeaders.RETRY_AFTER, retry);
    }
    response.setContentType("text/plain;charset=UTF-8");
    byte[] body = "Too Many Requests\n".getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
