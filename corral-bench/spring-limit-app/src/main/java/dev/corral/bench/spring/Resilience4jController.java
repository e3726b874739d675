package dev.corral.bench.spring;

import io.github.resilience4j.ratelimiter.annotation.RateLimiter;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint behind Resilience4j's {@code @RateLimiter} (resilience4j-spring-boot4's aspect; limiter
 * {@code resilience4j.ratelimiter.instances.bench}, application-resilience4j.yml).
 */
@RestController
@Profile("resilience4j")
class Resilience4jController {

  @RateLimiter(name = "bench")
  @GetMapping("/hello")
  String hello() {
    return "hello";
  }
}
