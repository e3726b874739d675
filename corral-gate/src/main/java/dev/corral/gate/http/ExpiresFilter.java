package dev.corral.gate.http;

import dev.corral.gate.config.Expires;
import dev.corral.gate.files.CacheHeaders;
import dev.corral.gate.files.HttpDates;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code expires} part of nginx's headers filter, for every answer the gate writes or relays (files,
 * {@code return}, proxied): for the statuses of {@link CacheHeaders#appliesTo}, sets {@code Expires} and
 * {@code Cache-Control} (replacing an upstream's), counting {@code modified} from the response's
 * {@code Last-Modified}. A line with variables is rendered for the request and read as nginx does; an empty or
 * invalid value adds nothing. Stateless.
 */
final class ExpiresFilter {
  private ExpiresFilter() {}

  /** Applies {@code expires} to {@code headers} of a response with {@code status} to {@code request}. */
  static void apply(HttpHeaders headers, int status, Expires expires, RequestContext request) {
    if (expires.mode() == Expires.Mode.OFF || !CacheHeaders.appliesTo(status)) {
      return;
    }
    Expires effective = expires;
    if (expires.mode() == Expires.Mode.VARIABLE) {
      Optional<Expires> parsed = Expires.parse(expires.value().orElseThrow().render(request), expires.modified());
      if (parsed.isEmpty()) {
        return;
      }
      effective = parsed.get();
    }
    long mtime = -1;
    if (effective.mode() == Expires.Mode.MODIFIED) {
      String lastModified = headers.get(HeaderNames.LAST_MODIFIED);
      OptionalLong parsed = lastModified == null ? OptionalLong.empty() : HttpDates.parse(lastModified);
      mtime = parsed.orElse(-1);
    }
    CacheHeaders.Values values = CacheHeaders.of(effective, System.currentTimeMillis() / 1000, mtime,
        ZoneId.systemDefault());
    if (values != null) {
      headers.set(HeaderNames.EXPIRES, values.expires());
      headers.set(HeaderNames.CACHE_CONTROL, values.cacheControl());
    }
  }
}
