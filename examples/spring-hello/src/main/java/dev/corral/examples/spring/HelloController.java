package dev.corral.examples.spring;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /} answers {@code hello from spring-hello (pid P, port N)}, N being the port this instance's web
 * server listens on; {@code GET /health} answers {@code ok}. Thread-safe: the port is written once, when the web
 * server has started, before any request is served.
 */
@RestController
class HelloController {
  private volatile int port;

  @EventListener
  void onStarted(WebServerInitializedEvent event) {
    port = event.getWebServer().getPort();
  }

  @GetMapping("/")
  String hello() {
    return "hello from spring-hello (pid " + ProcessHandle.current().pid() + ", port " + port + ")\n";
  }

  @GetMapping("/health")
  String health() {
    return "ok\n";
  }
}
