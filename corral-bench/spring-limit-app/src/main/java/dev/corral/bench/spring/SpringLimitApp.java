package dev.corral.bench.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The starter benchmark's application: {@code GET /hello} answers {@code hello}, bare or behind a rate limiter
 * whose limit is never reached; the Spring profile ({@code --spring.profiles.active=NAME}) chooses which. Each
 * profile's controller or filter is a class of its own, so the endpoint's code is the same in all of them.
 */
@SpringBootApplication
public class SpringLimitApp {

  /** Starts the application; Spring Boot reads the profile and the port from the arguments. */
  public static void main(String[] args) {
    SpringApplication.run(SpringLimitApp.class, args);
  }
}
