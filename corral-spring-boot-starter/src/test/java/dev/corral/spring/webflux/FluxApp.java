package dev.corral.spring.webflux;

import dev.corral.limit.FakeTicker;
import dev.corral.spring.annotation.RateLimited;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The WebFlux app of the reactive web test (profile "webflux"). */
@SpringBootApplication
public class FluxApp {

  @Bean
  FakeTicker ticker() {
    return new FakeTicker();
  }

  @RestController
  static class Endpoints {
    @GetMapping({"/api/{name}", "/free/{name}"})
    Mono<String> hello(@PathVariable String name) {
      return Mono.just("hello " + name);
    }

    @RateLimited(name = "reports")
    @GetMapping("/reports")
    public Mono<String> reports() {
      return Mono.just("report");
    }
  }
}
