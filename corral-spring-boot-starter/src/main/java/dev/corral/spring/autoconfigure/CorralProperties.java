package dev.corral.spring.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code corral.*} properties, as bound by Spring Boot; immutable. Values are checked when the registries
 * are built ({@link dev.corral.spring.limit.CorralLimiters#from}, {@link dev.corral.spring.bagpipe.CorralBagpipes#from}),
 * not here, so each error can name its property.
 *
 * <pre>
 * corral:
 *   limit:
 *     api:   { spec: "rate=10r/s burst=20 nodelay" }
 *     login: { spec: "rate=5r/m burst=2 nodelay", keyed: true, max-keys: 100000, idle-expiry: 60s }
 *   bagpipe:
 *     db: { limit: 10, queue-limit: 100, timeout: 2s }
 *   http:
 *     trust-forwarded: false
 *     limits:
 *       - { pattern: "/api/**", limit: login, key: client-address }
 * </pre>
 *
 * @param limit   limiters by name
 * @param bagpipe Bagpipes by name
 * @param http    the Spring MVC filter's rules
 */
@ConfigurationProperties("corral")
public record CorralProperties(Map<String, Limit> limit, Map<String, Pipe> bagpipe, Http http) {

  public CorralProperties {
    limit = ordered(limit);
    bagpipe = ordered(bagpipe);
    http = http == null ? new Http(false, null) : http;
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * {@code corral.limit.NAME}.
   *
   * @param spec       a {@link dev.corral.limit.LimitSpec} string such as {@code rate=10r/s burst=20 nodelay}; required
   * @param keyed      one limiter per key (client, user, API key …) with bounded memory; default false
   * @param maxKeys    keyed only: the most keys held (default 100,000)
   * @param idleExpiry keyed only: how long an idle key at rest is kept (default 60 s)
   * @param backend    {@code local} (default); {@code redis}: the application's Spring Data Redis (Lettuce)
   *                   connection; or a Redis URI such as {@code redis://127.0.0.1:6379}: the limit is shared with
   *                   every application using the same Redis and name (needs corral-limit-redis)
   * @param onBackendFailure Redis backends only: {@code allow} (default), {@code deny} or {@code local} (a local
   *                   limiter of the same spec) while Redis does not answer
   */
  public record Limit(String spec, boolean keyed, Integer maxKeys, Duration idleExpiry, String backend,
                      String onBackendFailure) {}

  /**
   * {@code corral.bagpipe.NAME}.
   *
   * @param limit      the most calls in flight; required, 1 or more
   * @param queueLimit the most calls waiting; the next one is refused at once (default: unbounded)
   * @param timeout    a call's timeout from its start (default: none)
   */
  public record Pipe(Integer limit, Integer queueLimit, Duration timeout) {}

  /**
   * {@code corral.http}.
   *
   * @param trustForwarded key {@code client-address} by the last {@code X-Forwarded-For} address (the one the
   *                       nearest proxy saw) instead of the socket's peer; default false
   * @param limits         the rules, applied in order, each to the requests whose path matches its pattern
   */
  public record Http(boolean trustForwarded, List<HttpLimit> limits) {
    public Http {
      limits = limits == null ? List.of() : List.copyOf(limits);
    }
  }

  /**
   * {@code corral.http.limits[i]}.
   *
   * @param pattern a Spring path pattern such as {@code /api/**}; required
   * @param limit   the name of a {@code corral.limit} limiter; required
   * @param key     for a keyed limiter: {@code client-address} (default), {@code header:NAME} or {@code principal}
   */
  public record HttpLimit(String pattern, String limit, String key) {}
}
