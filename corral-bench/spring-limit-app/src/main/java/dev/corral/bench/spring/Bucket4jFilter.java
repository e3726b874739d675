package dev.corral.bench.spring;

import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bucket4j as its documentation shows for a servlet application: one bucket, {@code tryConsume(1)} per request,
 * 429 when it is empty. The same quota as the other profiles (1,000,000 a second, never reached).
 * bucket4j-spring-boot-starter is not used: no version of it resolves here for Spring Boot 4.
 */
@Component
@Profile("bucket4j")
class Bucket4jFilter extends OncePerRequestFilter {

  private final Bucket bucket = Bucket.builder()
      .addLimit(limit -> limit.capacity(1_000_000).refillGreedy(1_000_000, Duration.ofSeconds(1)))
      .build();

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (bucket.tryConsume(1)) {
      chain.doFilter(request, response);
    } else {
      response.setStatus(429);
    }
  }
}
