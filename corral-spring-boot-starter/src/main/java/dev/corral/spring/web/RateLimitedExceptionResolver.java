package dev.corral.spring.web;

import dev.corral.limit.RateLimitedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link RateLimitedException} that escapes a Spring MVC handler (a {@code @RateLimited} controller
 * method, or code calling {@code decide(...).orThrow()}) with {@code 429 Too Many Requests} and
 * {@code Retry-After} (seconds, rounded up, at least 1). Lowest precedence: the application's own
 * {@code @ExceptionHandler}s come first. Stateless and thread-safe.
 */
public final class RateLimitedExceptionResolver implements HandlerExceptionResolver, Ordered {

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                       Exception ex) {
    if (!(ex instanceof RateLimitedException refused) || response.isCommitted()) {
      return null;
    }
    String retry = refused.retryAfterNanos() > 0 ? RateLimitHeaders.retryAfter(refused.retryAfterNanos()) : null;
    if (retry != null) {
      response.setHeader(RateLimitHeaders.RETRY_AFTER, retry);
    }
    try {
      response.sendError(429);
    } catch (IOException e) {
      return null;
    }
    return new ModelAndView();
  }
}
