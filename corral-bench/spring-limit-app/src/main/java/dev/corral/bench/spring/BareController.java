package dev.corral.bench.spring;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint with no limiter in the method call: the floor ({@code bare}), and the endpoint behind the filters
 * ({@code corral-filter}, {@code bucket4j}).
 */
@RestController
@Profile({"bare", "corral-filter", "bucket4j"})
class BareController {

  @GetMapping("/hello")
  String hello() {
    return "hello";
  }
}
