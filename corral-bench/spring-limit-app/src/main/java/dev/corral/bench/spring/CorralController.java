package dev.corral.bench.spring;

import dev.corral.spring.annotation.RateLimited;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The endpoint behind corral's {@code @RateLimited} (limiter {@code corral.limit.bench}, application-corral.yml). */
@RestController
@Profile("corral")
class CorralController {

  @RateLimited(name = "bench")
  @GetMapping("/hello")
  String hello() {
    return "hello";
  }
}
