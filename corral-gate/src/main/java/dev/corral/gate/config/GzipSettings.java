package dev.corral.gate.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * nginx's gzip filter ({@code ngx_http_gzip_filter_module}) for one level. Immutable.
 *
 * @param enabled {@code gzip}, default off
 * @param types {@code gzip_types}, lower case, without parameters: the MIME types compressed besides
 *     {@code text/html}, which always is; {@code *} for all
 * @param minLength {@code gzip_min_length}, default 20: a response whose Content-Length is below it is sent as is
 *     (one without a Content-Length is compressed)
 * @param level {@code gzip_comp_level}, 1 to 9, default 1
 * @param proxied {@code gzip_proxied}: which answers to a request with {@code Via} are compressed; default
 *     {@link Proxied#OFF} (none)
 * @param vary {@code gzip_vary}, default off: {@code Vary: Accept-Encoding} on every answer that could have been
 *     compressed
 * @param minVersion {@code gzip_http_version} as 10 or 11, default 11: older requests are not compressed
 * @param disableMsie6 {@code gzip_disable msie6}
 * @param disable the regexes of {@code gzip_disable} (case-insensitive), matched against the User-Agent
 */
public record GzipSettings(boolean enabled, Set<String> types, long minLength, int level, Set<Proxied> proxied,
    boolean vary, int minVersion, boolean disableMsie6, List<Pattern> disable) {
  /** The values of {@code gzip_proxied}. */
  public enum Proxied {
    OFF("off"), EXPIRED("expired"), NO_CACHE("no-cache"), NO_STORE("no-store"), PRIVATE("private"),
    NO_LAST_MODIFIED("no_last_modified"), NO_ETAG("no_etag"), AUTH("auth"), ANY("any");

    final String word;

    Proxied(String word) {
      this.word = word;
    }
  }

  public GzipSettings {
    types = Set.copyOf(types);
    proxied = proxied.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(proxied));
    disable = List.copyOf(disable);
  }

  /** nginx's defaults: off, text/html, 20 bytes, level 1, not for proxied requests, HTTP/1.1. */
  static GzipSettings defaults() {
    return new GzipSettings(false, Set.of(), 20, 1, Set.of(Proxied.OFF), false, 11, false, List.of());
  }

  /** Whether a response whose Content-Type is {@code contentType} (parameters allowed) is compressed. */
  public boolean compressesType(String contentType) {
    if (types.contains("*")) {
      return true;
    }
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
        .toLowerCase(Locale.ROOT);
    return type.equals("text/html") || types.contains(type);
  }
}
