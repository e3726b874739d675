package dev.corral.spring.web;

import dev.corral.limit.FakeTicker;
import dev.corral.spring.annotation.Bagpipe;
import dev.corral.spring.annotation.RateLimited;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The Spring MVC app of the web tests (with profile "web": application-web.yml). */
@SpringBootApplication
public class WebApp {

  @Bean
  FakeTicker ticker() {
    return new FakeTicker();
  }

  @RestController
  static class Endpoints {
    private final Catalog catalog;

    Endpoints(Catalog catalog) {
      this.catalog = catalog;
    }

    @GetMapping({"/api/{name}", "/addr/{name}", "/free/{name}"})
    String hello(@PathVariable String name) {
      return "hello " + name;
    }

    @RateLimited(name = "reports")
    @GetMapping("/reports")
    String reports() {
      return "report";
    }

    @RateLimited(name = "exports")
    @GetMapping("/exports")
    String exports() {
      return "export";
    }

    @GetMapping("/search/{user}")
    CompletableFuture<String> search(@PathVariable String user) {
      return catalog.search(user);
    }
  }

  /** A service limited per user and bounded by the "db" pipe. */
  @org.springframework.stereotype.Service
  static class Catalog {
    @RateLimited(name = "search", key = "#user")
    @Bagpipe("db")
    public CompletableFuture<String> search(String user) {
      return CompletableFuture.completedFuture("results for " + user);
    }
  }
}
