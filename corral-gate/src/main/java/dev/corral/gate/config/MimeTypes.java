package dev.corral.gate.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * nginx's {@code types { TYPE EXT...; }}: the MIME type for a file name extension, which nginx uses (with
 * {@code default_type} when the extension is unknown) as the {@code Content-Type} of the responses it makes up
 * itself — here, {@code return CODE TEXT}. Extensions are matched case-insensitively, as nginx lower-cases both
 * sides; when an extension is listed twice the later type wins (nginx warns and does the same). Immutable.
 */
public final class MimeTypes {
  /** The types nginx has when a level and all levels above it have no {@code types} block. */
  static final MimeTypes NGINX_DEFAULT = new MimeTypes(Map.of("html", "text/html", "gif", "image/gif",
      "jpg", "image/jpeg"));

  private final Map<String, String> byExtension;

  private MimeTypes(Map<String, String> byExtension) {
    this.byExtension = Map.copyOf(byExtension);
  }

  /** An empty set, to which {@code types} blocks of one level are added. */
  static MimeTypes empty() {
    return new MimeTypes(Map.of());
  }

  /**
   * This set plus the entries of a {@code types} block (each child is {@code TYPE EXT...;}).
   *
   * @throws ConfigException if an entry has a block
   */
  MimeTypes plus(Directive types) {
    Map<String, String> merged = new HashMap<>(byExtension);
    for (Directive entry : types.children()) {
      if (entry.block().isPresent()) {
        throw new ConfigException("directive \"" + entry.name() + "\" is not terminated by \";\"",
            entry.position());
      }
      for (String extension : entry.args()) {
        merged.put(extension.toLowerCase(Locale.ROOT), entry.name());
      }
    }
    return new MimeTypes(merged);
  }

  /**
   * The type for the extension of the last segment of {@code path} (what follows its last dot), if listed.
   *
   * @param path a request path without its query
   */
  public Optional<String> typeOf(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash || dot == path.length() - 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(byExtension.get(path.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /** How many extensions are listed. */
  public int size() {
    return byExtension.size();
  }
}
