package dev.corral.gate.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles {@code charset}, {@code source_charset}, {@code charset_types} and {@code charset_map} into
 * {@link CharsetSettings}. Only single-byte maps ({@code charset_map koi8-r windows-1251 { C0 FE; … }}) are taken;
 * a map to utf-8 is refused. {@code override_charset} (which concerns proxied answers, which the gate never
 * recodes) is accepted only as {@code off}. Not thread-safe.
 */
final class CharsetCompiler extends FeatureCompiler<CharsetSettings> {
  static final Set<String> NAMES = Set.of("charset", "source_charset", "charset_types", "charset_map",
      "override_charset");

  private Optional<Template> charset;
  private Optional<String> source;
  private Set<String> types;
  private final Map<String, byte[]> maps;

  CharsetCompiler(CharsetSettings parent) {
    charset = parent.charset();
    source = parent.source();
    types = parent.types();
    maps = new HashMap<>(parent.maps());
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("charset_map");
  }

  @Override
  Set<String> notInLocation() {
    return Set.of("charset_map");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "charset" -> {
        Values.requireArgs(d, 1, 1);
        charset = d.arg(0).equals("off") ? Optional.empty() : Optional.of(Template.compile(d.arg(0), d.position()));
      }
      case "source_charset" -> {
        Values.requireArgs(d, 1, 1);
        source = Optional.of(d.arg(0));
      }
      case "charset_types" -> {
        Values.requireArgs(d, 1, 256);
        Set<String> listed = new HashSet<>();
        for (String type : d.args()) {
          listed.add(type.toLowerCase(Locale.ROOT));
        }
        types = listed;
      }
      case "override_charset" -> {
        Values.requireArgs(d, 1, 1);
        if (Values.flag(d, d.arg(0))) {
          throw new ConfigException("\"override_charset on\" is not implemented by corral gate (proxied answers "
              + "are never recoded)", d.position());
        }
      }
      case "charset_map" -> map(d);
      default -> throw new IllegalStateException("unhandled charset directive " + d.name());
    }
  }

  private void map(Directive d) {
    Values.requireBlock(d, 2, 2);
    if (d.arg(0).equalsIgnoreCase("utf-8") || d.arg(1).equalsIgnoreCase("utf-8")) {
      throw new ConfigException("\"charset_map\" to or from utf-8 is not supported by corral gate", d.position());
    }
    byte[] table = new byte[256];
    for (int i = 0; i < 256; i++) {
      table[i] = (byte) i;
    }
    for (Directive entry : d.children()) {
      if (entry.block().isPresent() || entry.args().size() != 1) {
        throw new ConfigException("invalid parameters in \"charset_map\" (expected: FROM_HEX TO_HEX;)",
            entry.position());
      }
      int from = hex(entry, entry.name());
      int to = hex(entry, entry.arg(0));
      table[from] = (byte) to;
    }
    maps.put(CharsetSettings.key(d.arg(0), d.arg(1)), table);
  }

  private static int hex(Directive d, String value) {
    try {
      int n = Integer.parseInt(value, 16);
      if (n >= 0 && n <= 255 && value.length() <= 2) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below with the value.
    }
    throw new ConfigException("invalid value \"" + value + "\" in \"charset_map\" (expected: a hex byte)",
        d.position());
  }

  @Override
  CharsetSettings build() {
    return new CharsetSettings(charset, source, types, maps);
  }
}
