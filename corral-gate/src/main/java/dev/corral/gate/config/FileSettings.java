package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a level serves static files (nginx's core and static modules). Immutable.
 *
 * @param root {@code root}: the absolute directory the URI is appended to; default {@code html} under the prefix
 * @param alias {@code alias} (location only): the path that replaces the location's prefix, instead of the root
 * @param index {@code index}: file names (with variables) tried, in order, for a URI ending with {@code /}; default
 *     {@code index.html}
 * @param etag {@code etag}, default on
 * @param ifModifiedSince {@code if_modified_since}, default {@code exact}
 * @param expires {@code expires}, default off
 * @param disableSymlinks {@code disable_symlinks}, default off
 * @param symlinksFromRoot {@code disable_symlinks … from=$document_root}: only the components below the root are
 *     checked (else every component of the path)
 * @param tryFiles {@code try_files}, if set at this level or inherited
 * @param logNotFound {@code log_not_found}, default on: whether a missing file is logged at error level
 * @param maxRanges {@code max_ranges}: the most ranges a request may ask for before the whole file is sent;
 *     {@code -1} for no limit (nginx's default)
 * @param charset {@code charset}, {@code source_charset}, {@code charset_types}, {@code charset_map}
 */
public record FileSettings(Path root, Optional<String> alias, List<Template> index, boolean etag,
    IfModifiedSince ifModifiedSince, Expires expires, DisableSymlinks disableSymlinks, boolean symlinksFromRoot,
    Optional<TryFiles> tryFiles,
    boolean logNotFound, int maxRanges, CharsetSettings charset) {
  public FileSettings {
    index = List.copyOf(index);
  }

  /** {@code if_modified_since off | exact | before}. */
  public enum IfModifiedSince {
    /** The header is ignored. */
    OFF,
    /** 304 when the file's time equals the header's. */
    EXACT,
    /** 304 when the file's time is the header's or earlier. */
    BEFORE
  }

  /** {@code disable_symlinks off | on | if_not_owner}. */
  public enum DisableSymlinks {
    /** Symbolic links are followed wherever they point. */
    OFF,
    /** A path with a symbolic link in any of its components is refused (403). */
    ON,
    /** A symbolic link is followed only when the link and its target have the same owner. */
    IF_NOT_OWNER
  }

  /**
   * {@code try_files FILE... LAST}: each file (with variables) is checked in order; a name ending with {@code /}
   * must be a directory. When none exists, {@code fallback} is a URI or {@code @name} to redirect to, or
   * {@code =CODE} to answer.
   */
  public record TryFiles(List<Template> files, Template fallback) {
    public TryFiles {
      files = List.copyOf(files);
    }
  }

  /** nginx's defaults, with the root {@code html} under {@code prefix}. */
  static FileSettings defaults(Path prefix) {
    return new FileSettings(prefix.resolve("html"), Optional.empty(), List.of(Template.literal("index.html")), true,
        IfModifiedSince.EXACT, Expires.OFF, DisableSymlinks.OFF, false, Optional.empty(), true, -1,
        CharsetSettings.defaults());
  }
}
