package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles {@code gzip}, {@code gzip_types}, {@code gzip_min_length}, {@code gzip_comp_level},
 * {@code gzip_proxied}, {@code gzip_vary}, {@code gzip_http_version}, {@code gzip_disable} and
 * {@code gzip_buffers} (checked; the gate sizes its own buffers) into {@link GzipSettings}, with nginx's
 * inheritance (each directive replaces the parent's). Not thread-safe.
 */
final class GzipCompiler extends FeatureCompiler<GzipSettings> {
  static final Set<String> NAMES = Set.of("gzip", "gzip_types", "gzip_min_length", "gzip_comp_level",
      "gzip_proxied", "gzip_vary", "gzip_http_version", "gzip_disable", "gzip_buffers");

  private boolean enabled;
  private Set<String> types;
  private long minLength;
  private int level;
  private Set<GzipSettings.Proxied> proxied;
  private boolean vary;
  private int minVersion;
  private boolean disableMsie6;
  private List<Pattern> disable;

  GzipCompiler(GzipSettings parent) {
    enabled = parent.enabled();
    types = parent.types();
    minLength = parent.minLength();
    level = parent.level();
    proxied = parent.proxied();
    vary = parent.vary();
    minVersion = parent.minVersion();
    disableMsie6 = parent.disableMsie6();
    disable = parent.disable();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "gzip" -> {
        Values.requireArgs(d, 1, 1);
        enabled = Values.flag(d, d.arg(0));
      }
      case "gzip_types" -> {
        Values.requireArgs(d, 1, 1024);
        Set<String> listed = new HashSet<>();
        for (String type : d.args()) {
          listed.add(type.toLowerCase(Locale.ROOT));
        }
        types = listed;
      }
      case "gzip_min_length" -> {
        Values.requireArgs(d, 1, 1);
        minLength = Values.size(d, d.arg(0));
      }
      case "gzip_comp_level" -> {
        Values.requireArgs(d, 1, 1);
        level = Values.integer(d, d.arg(0), 1, 9);
      }
      case "gzip_proxied" -> proxied(d);
      case "gzip_vary" -> {
        Values.requireArgs(d, 1, 1);
        vary = Values.flag(d, d.arg(0));
      }
      case "gzip_http_version" -> {
        Values.requireArgs(d, 1, 1);
        minVersion = switch (d.arg(0)) {
          case "1.0" -> 10;
          case "1.1" -> 11;
          default -> throw Values.invalid(d, d.arg(0), "1.0 or 1.1");
        };
      }
      case "gzip_disable" -> disable(d);
      case "gzip_buffers" -> {
        Values.requireArgs(d, 2, 2);
        Values.integer(d, d.arg(0), 1, Integer.MAX_VALUE);
        if (Values.size(d, d.arg(1)) <= 0) {
          throw Values.invalid(d, d.arg(1), "a size above 0");
        }
      }
      default -> throw new IllegalStateException("unhandled gzip directive " + d.name());
    }
  }

  private void proxied(Directive d) {
    Values.requireArgs(d, 1, GzipSettings.Proxied.values().length);
    Set<GzipSettings.Proxied> listed = EnumSet.noneOf(GzipSettings.Proxied.class);
    for (String word : d.args()) {
      GzipSettings.Proxied value = null;
      for (GzipSettings.Proxied p : GzipSettings.Proxied.values()) {
        if (p.word.equals(word)) {
          value = p;
        }
      }
      if (value == null) {
        throw Values.invalid(d, word, "off, expired, no-cache, no-store, private, no_last_modified, no_etag, "
            + "auth or any");
      }
      listed.add(value);
    }
    proxied = listed;
  }

  private void disable(Directive d) {
    Values.requireArgs(d, 1, 1024);
    boolean msie6 = false;
    List<Pattern> regexes = new ArrayList<>();
    for (String arg : d.args()) {
      if (arg.equals("msie6")) {
        msie6 = true;
      } else {
        try {
          regexes.add(Pattern.compile(arg, Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException e) {
          throw new ConfigException("pcre2_compile() failed: " + e.getDescription() + " in \"" + arg + "\"",
              d.position());
        }
      }
    }
    disableMsie6 = msie6;
    disable = regexes;
  }

  @Override
  GzipSettings build() {
    return new GzipSettings(enabled, types, minLength, level, proxied, vary, minVersion, disableMsie6, disable);
  }
}
