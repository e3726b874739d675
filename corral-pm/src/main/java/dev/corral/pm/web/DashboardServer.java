package dev.corral.pm.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.corral.pm.PmException;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.Supervisor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live web dashboard of a daemon, and its {@code /metrics}: every app and instance with its state and figures,
 * charts of the last 15 minutes updated by server-sent events, the live log of a selected instance, and the
 * restart/reload/stop/scale buttons. Served by the JDK's HTTP server on threads of its own (virtual threads for
 * connections, one scheduler thread for sampling), so the supervisor loop only ever answers a quick {@code list}.
 *
 * <pre>
 * GET  /                 the page (/?token=T sets the token cookie, then redirects to /)
 * GET  /static/NAME      its script and style sheet
 * GET  /api/session      {"csrf": …} for the page's POSTs
 * GET  /api/state        instances, gates and the charts' history
 * GET  /api/events       server-sent events: "sample" every second (state and new chart points)
 * GET  /api/logs?id=N    server-sent events: the instance's log lines
 * GET  /api/env?app=NAME one app's environment, secret-looking values masked
 * POST /api/action       restart, reload, stop, scale (CSRF token and same origin required)
 * GET  /metrics          Prometheus text, or OpenMetrics when the Accept header asks for it
 * </pre>
 *
 * Every request first passes {@link Access}. Thread-safe; {@link #close} stops it.
 */
public final class DashboardServer implements AutoCloseable {
  private final DashboardSettings settings;
  private final Supervisor supervisor;
  private final Access access;
  private final PmMetrics metrics;
  private final History history = new History(Sampler.PERIOD);
  private final EventHub hub = new EventHub();
  private final Sampler sampler;
  private final Actions actions;
  private final StaticFiles files = new StaticFiles();
  private final Consumer<String> log;
  private final HttpServer server;
  private final ExecutorService connections;
  private final ScheduledExecutorService scheduler;
  private volatile boolean open = true;

  private DashboardServer(DashboardSettings settings, Supervisor supervisor, GateReader gates, Clock clock,
      Consumer<String> log) throws IOException {
    this.settings = settings;
    this.supervisor = supervisor;
    this.access = new Access(settings.token());
    this.log = log;
    this.metrics = new PmMetrics();
    this.sampler = new Sampler(supervisor, gates, metrics, history, hub, clock, Responses.JSON, log);
    this.actions = new Actions(supervisor);
    this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    this.connections = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("corral-dashboard-", 0).factory());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "corral-dashboard-sampler");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(connections);
    server.createContext("/", this::handle);
  }

  /**
   * Binds and starts the dashboard.
   *
   * @throws PmException with one line when the address cannot be bound (in use, not an address of this machine)
   */
  public static DashboardServer start(DashboardSettings settings, Supervisor supervisor, GateReader gates,
      Clock clock, Consumer<String> log) {
    DashboardServer d;
    try {
      d = new DashboardServer(settings, supervisor, gates, clock, log);
    } catch (IOException e) {
      throw new PmException("dashboard: cannot listen on " + settings.host() + ":" + settings.port() + ": "
          + e.getMessage() + (e instanceof java.net.BindException ? " (is another dashboard or pm2 web there? use"
          + " --port)" : ""), e);
    }
    d.server.start();
    d.sampler.start(d.scheduler);
    return d;
  }

  public DashboardSettings settings() {
    return settings;
  }

  /** The port it listens on (the chosen one when the settings said 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address to open: {@code http://HOST:PORT/}, with {@code ?token=…} when it has a token. */
  public String url() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    return "http://" + host + ":" + port() + "/" + settings.token().map(t -> "?token=" + t).orElse("");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    } catch (IOException e) {
      // the client went away
    } catch (RuntimeException e) {
      log.accept("dashboard: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
          + ": internal error: " + e);
      Responses.error(exchange, 500, "internal error in the daemon (see daemon.log)");
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.equals("/") && access.tokenInQuery(exchange)) {
      exchange.getResponseHeaders().add("Set-Cookie", access.tokenCookie());
      exchange.getResponseHeaders().set("Location", "/");
      Responses.send(exchange, 303, "text/plain; charset=utf-8", new byte[0]);
      return;
    }
    Optional<Access.Refusal> refused = access.checkRead(exchange);
    if (refused.isPresent()) {
      Responses.text(exchange, refused.get().status(), refused.get().reason() + "\n");
      return;
    }
    if (path.equals("/api/action")) {
      action(exchange);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      Responses.error(exchange, 405, method + " " + path + " (expected: GET)");
      return;
    }
    switch (path) {
      case "/" -> files.serve(exchange, "index.html");
      case "/api/session" -> Responses.json(exchange, 200, Map.of("csrf", access.csrf()));
      case "/api/state" -> {
        Map<String, Object> body = new LinkedHashMap<>(sampler.state());
        body.put("series", history.all());
        Responses.json(exchange, 200, body);
      }
      case "/api/events" -> events(exchange);
      case "/api/logs" -> logs(exchange);
      case "/api/env" -> env(exchange);
      case "/metrics" -> {
        PmMetrics.Scrape scrape = metrics.scrape(exchange.getRequestHeaders().getFirst("Accept"));
        Responses.send(exchange, 200, scrape.contentType(), scrape.body().getBytes(StandardCharsets.UTF_8));
      }
      default -> {
        if (!(path.startsWith("/static/") && files.serve(exchange, path.substring("/static/".length())))) {
          Responses.error(exchange, 404, "no such page: " + path);
        }
      }
    }
  }

  private void action(HttpExchange exchange) throws IOException {
    Optional<Access.Refusal> refused = access.checkWrite(exchange);
    if (refused.isPresent()) {
      Responses.error(exchange, refused.get().status(), refused.get().reason());
      return;
    }
    JsonNode body;
    try (InputStream in = exchange.getRequestBody()) {
      body = Responses.JSON.readTree(in.readNBytes(64 * 1024));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      Responses.error(exchange, 400, "the body is not JSON: " + e.getOriginalMessage());
      return;
    }
    if (body == null || !body.isObject()) {
      Responses.error(exchange, 400, "the body: expected a JSON object such as {\"action\":\"restart\",\"target\":\"web\"}");
      return;
    }
    log.accept("dashboard: " + body.path("action").asText() + " " + body.path("target").asText()
        + (body.has("count") ? " " + body.path("count") : ""));
    Actions.Outcome outcome = actions.run(body);
    Responses.json(exchange, outcome.ok() ? 200 : 400, outcome);
  }

  private void events(HttpExchange exchange) throws IOException {
    EventHub.Subscription s = hub.subscribe();
    Sse.start(exchange);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(": connected\n\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (open && !s.closed) {
        String frame = s.events.poll(5, TimeUnit.SECONDS);
        out.write((frame != null ? frame : ": keep-alive\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hub.unsubscribe(s);
    }
  }

  private void logs(HttpExchange exchange) throws IOException {
    Optional<InstanceView> instance = Access.query(exchange.getRequestURI(), "id")
        .flatMap(id -> list().stream().filter(v -> Integer.toString(v.id()).equals(id)).findFirst());
    if (instance.isEmpty()) {
      Responses.error(exchange, 404, "id: no such instance (expected: an id of /api/state)");
      return;
    }
    LogStream.follow(exchange, instance.get(), () -> open);
  }

  private void env(HttpExchange exchange) throws IOException {
    Optional<String> app = Access.query(exchange.getRequestURI(), "app");
    Optional<InstanceView> instance = app.flatMap(name -> list().stream()
        .filter(v -> v.name().equals(name) && !v.mode().equals("gate")).findFirst());
    if (instance.isEmpty()) {
      Responses.error(exchange, 404, "app: " + app.orElse("missing") + " (expected: the name of an app)");
      return;
    }
    Responses.json(exchange, 200, Map.of("app", instance.get().name(),
        "env", Secrets.masked(instance.get().spec().env())));
  }

  private List<InstanceView> list() {
    try {
      return supervisor.list().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the instances: " + e, e);
    }
  }

  /** Stops listening and sampling; open streams end within a second. */
  @Override
  public void close() {
    open = false;
    scheduler.shutdownNow();
    server.stop(0);
    connections.shutdownNow();
    metrics.close();
  }
}
