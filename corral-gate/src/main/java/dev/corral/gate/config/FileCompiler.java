package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the static-file directives of one level ({@code root}, {@code alias}, {@code index}, {@code etag},
 * {@code if_modified_since}, {@code expires}, {@code disable_symlinks}, {@code try_files}, {@code log_not_found},
 * {@code max_ranges}, {@code autoindex off}) into {@link FileSettings}. A relative {@code root} or {@code alias}
 * is taken under the prefix, as nginx does. Not thread-safe.
 */
final class FileCompiler extends FeatureCompiler<FileSettings> {
  static final Set<String> OWN = Set.of("root", "alias", "index", "etag", "if_modified_since", "expires",
      "disable_symlinks", "try_files", "log_not_found", "max_ranges", "autoindex");
  /** Its own directives and the charset module's, which it hands to a {@link CharsetCompiler}. */
  static final Set<String> NAMES = java.util.stream.Stream.concat(OWN.stream(), CharsetCompiler.NAMES.stream())
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private final Path prefix;
  private Path root;
  private Optional<String> alias;
  private boolean rootOrAliasHere;
  private List<Template> index;
  private boolean indexHere;
  private boolean etag;
  private FileSettings.IfModifiedSince ifModifiedSince;
  private Expires expires;
  private FileSettings.DisableSymlinks disableSymlinks;
  private boolean symlinksFromRoot;
  private Optional<FileSettings.TryFiles> tryFiles;
  private boolean logNotFound;
  private int maxRanges;
  private final CharsetCompiler charset;

  FileCompiler(FileSettings parent, Path prefix) {
    charset = new CharsetCompiler(parent.charset());
    this.prefix = prefix;
    root = parent.root();
    alias = parent.alias();
    index = parent.index();
    etag = parent.etag();
    ifModifiedSince = parent.ifModifiedSince();
    expires = parent.expires();
    disableSymlinks = parent.disableSymlinks();
    symlinksFromRoot = parent.symlinksFromRoot();
    tryFiles = parent.tryFiles();
    logNotFound = parent.logNotFound();
    maxRanges = parent.maxRanges();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("index", "charset_map");
  }

  @Override
  Set<String> notInLocation() {
    return charset.notInLocation();
  }

  @Override
  Set<String> onlyInLocation() {
    return Set.of("alias");
  }

  @Override
  void apply(Directive d) {
    if (CharsetCompiler.NAMES.contains(d.name())) {
      charset.apply(d);
      return;
    }
    switch (d.name()) {
      case "root", "alias" -> rootOrAlias(d);
      case "index" -> {
        Values.requireArgs(d, 1, 64);
        if (!indexHere) {
          indexHere = true;
          index = new ArrayList<>();
        }
        for (String name : d.args()) {
          if (name.isEmpty()) {
            throw new ConfigException("index \"\" in \"index\" directive is invalid", d.position());
          }
          index.add(Template.compile(name, d.position()));
        }
      }
      case "etag" -> {
        Values.requireArgs(d, 1, 1);
        etag = Values.flag(d, d.arg(0));
      }
      case "if_modified_since" -> {
        Values.requireArgs(d, 1, 1);
        ifModifiedSince = switch (d.arg(0)) {
          case "off" -> FileSettings.IfModifiedSince.OFF;
          case "exact" -> FileSettings.IfModifiedSince.EXACT;
          case "before" -> FileSettings.IfModifiedSince.BEFORE;
          default -> throw Values.invalid(d, d.arg(0), "off, exact or before");
        };
      }
      case "expires" -> expires = ExpiresParser.parse(d);
      case "disable_symlinks" -> disableSymlinks(d);
      case "try_files" -> {
        Values.requireArgs(d, 2, 64);
        List<Template> files = new ArrayList<>();
        for (String file : d.args().subList(0, d.args().size() - 1)) {
          files.add(Template.compile(file, d.position()));
        }
        String last = d.arg(d.args().size() - 1);
        if (last.startsWith("=")) {
          Values.integer(d, last.substring(1), 0, 999);
        }
        tryFiles = Optional.of(new FileSettings.TryFiles(files, Template.compile(last, d.position())));
      }
      case "log_not_found" -> {
        Values.requireArgs(d, 1, 1);
        logNotFound = Values.flag(d, d.arg(0));
      }
      case "max_ranges" -> {
        Values.requireArgs(d, 1, 1);
        maxRanges = Values.integer(d, d.arg(0), 0, Integer.MAX_VALUE);
      }
      case "autoindex" -> {
        Values.requireArgs(d, 1, 1);
        if (Values.flag(d, d.arg(0))) {
          throw new ConfigException("\"autoindex on\" is not implemented by corral gate (a directory without an "
              + "index file answers 403)", d.position());
        }
      }
      default -> throw new IllegalStateException("unhandled file directive " + d.name());
    }
  }

  private void rootOrAlias(Directive d) {
    Values.requireArgs(d, 1, 1);
    if (rootOrAliasHere) {
      throw new ConfigException("\"" + d.name() + "\" directive is duplicate, \""
          + (d.name().equals("root") ? "alias" : "root") + "\" directive was specified earlier", d.position());
    }
    rootOrAliasHere = true;
    String value = d.arg(0);
    if (value.indexOf('$') >= 0) {
      throw new ConfigException("variables in \"" + d.name() + "\" are not supported by corral gate",
          d.position());
    }
    if (d.name().equals("root")) {
      // nginx drops a trailing slash of root: "root /srv/;" and "root /srv;" serve the same paths.
      String trimmed = value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      root = prefix.resolve(trimmed).normalize();
      alias = Optional.empty();
    } else {
      boolean slash = value.endsWith("/");
      String resolved = prefix.resolve(value).normalize().toString();
      alias = Optional.of(slash && !resolved.endsWith("/") ? resolved + "/" : resolved);
    }
  }

  private void disableSymlinks(Directive d) {
    Values.requireArgs(d, 1, 2);
    symlinksFromRoot = false;
    disableSymlinks = switch (d.arg(0)) {
      case "off" -> FileSettings.DisableSymlinks.OFF;
      case "on" -> FileSettings.DisableSymlinks.ON;
      case "if_not_owner" -> FileSettings.DisableSymlinks.IF_NOT_OWNER;
      default -> throw Values.invalid(d, d.arg(0), "off, on or if_not_owner");
    };
    if (d.args().size() == 2) {
      if (!d.arg(1).equals("from=$document_root")) {
        throw new ConfigException("invalid parameter \"" + d.arg(1) + "\" (corral gate takes "
            + "from=$document_root only)", d.position());
      }
      if (disableSymlinks == FileSettings.DisableSymlinks.OFF) {
        throw new ConfigException("\"from=\" cannot be used with \"off\" parameter", d.position());
      }
      symlinksFromRoot = true;
    }
  }

  @Override
  FileSettings build() {
    return new FileSettings(root, alias, index, etag, ifModifiedSince, expires, disableSymlinks, symlinksFromRoot, tryFiles,
        logNotFound, maxRanges, charset.build());
  }
}
