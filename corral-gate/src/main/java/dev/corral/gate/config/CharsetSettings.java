package dev.corral.gate.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * nginx's charset module for static files: the charset named in the Content-Type and the byte-for-byte recoding
 * between single-byte charsets. Immutable.
 *
 * @param charset {@code charset NAME | $var | off}: empty for off (the default)
 * @param source {@code source_charset NAME}: the files' charset, when they are to be recoded
 * @param types {@code charset_types}: the MIME types that get a charset ({@code *} for all); default nginx's
 * @param maps {@code charset_map FROM TO { … }}: per {@link #key} a 256-entry table; read in both directions
 */
public record CharsetSettings(Optional<Template> charset, Optional<String> source, Set<String> types,
    Map<String, byte[]> maps) {
  /** nginx's default {@code charset_types}. */
  static final Set<String> DEFAULT_TYPES = Set.of("text/html", "text/xml", "text/plain", "text/vnd.wap.wml",
      "application/javascript", "application/rss+xml");

  public CharsetSettings {
    types = Set.copyOf(types);
    maps = Map.copyOf(maps);
  }

  static CharsetSettings defaults() {
    return new CharsetSettings(Optional.empty(), Optional.empty(), DEFAULT_TYPES, Map.of());
  }

  /** The key of the table recoding {@code from} into {@code to} (charset names are case-insensitive). */
  public static String key(String from, String to) {
    return from.toLowerCase(Locale.ROOT) + "\0" + to.toLowerCase(Locale.ROOT);
  }

  /** Whether a response of {@code type} (without parameters) gets a charset. */
  public boolean appliesTo(String type) {
    return types.contains("*") || types.contains(type.toLowerCase(Locale.ROOT));
  }

  /**
   * The table recoding {@code from} into {@code to}: a map given in that direction, else one given the other way
   * round, inverted; empty if none.
   */
  public Optional<byte[]> table(String from, String to) {
    byte[] direct = maps.get(key(from, to));
    if (direct != null) {
      return Optional.of(direct);
    }
    byte[] reverse = maps.get(key(to, from));
    if (reverse == null) {
      return Optional.empty();
    }
    byte[] inverted = new byte[256];
    for (int i = 0; i < 256; i++) {
      inverted[i] = (byte) i;
    }
    for (int i = 0; i < 256; i++) {
      if ((reverse[i] & 0xff) != i) {
        inverted[reverse[i] & 0xff] = (byte) i;
      }
    }
    return Optional.of(inverted);
  }
}
