package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles the response directives of one level ({@code types}, {@code default_type}, {@code server_tokens},
 * {@code add_header}, and the type hash sizes, which change nothing here) into {@link ResponseSettings}. Not
 * thread-safe.
 */
final class ResponseCompiler extends FeatureCompiler<ResponseSettings> {
  static final Set<String> NAMES = Set.of("types", "default_type", "server_tokens", "types_hash_max_size",
      "types_hash_bucket_size", "add_header");

  private MimeTypes types;
  private boolean typesDefinedHere;
  private String defaultType;
  private boolean serverTokens;
  private List<AddHeader> addHeaders;
  private boolean addHeadersDefinedHere;

  ResponseCompiler(ResponseSettings parent) {
    types = parent.types();
    defaultType = parent.defaultType();
    serverTokens = parent.serverTokens();
    addHeaders = parent.addHeaders();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("types", "add_header");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "types_hash_max_size" -> {
        // Sizes of nginx's static hash of types; a Java map needs none, so only the value is checked.
        Values.requireArgs(d, 1, 1);
        Values.integer(d, d.arg(0), 1, Integer.MAX_VALUE);
      }
      case "types_hash_bucket_size" -> {
        Values.requireArgs(d, 1, 1);
        Values.size(d, d.arg(0));
      }
      case "types" -> {
        Values.requireBlock(d, 0, 0);
        // A level's first types block replaces what it inherited; more blocks at the same level add to it.
        types = (typesDefinedHere ? types : MimeTypes.empty()).plus(d);
        typesDefinedHere = true;
      }
      case "default_type" -> {
        Values.requireArgs(d, 1, 1);
        defaultType = d.arg(0);
      }
      case "server_tokens" -> {
        Values.requireArgs(d, 1, 1);
        serverTokens = switch (d.arg(0)) {
          case "on", "build" -> true; // "build" adds the build name, which corral has none of
          case "off" -> false;
          default -> throw Values.invalid(d, d.arg(0), "on, off or build");
        };
      }
      case "add_header" -> addHeader(d);
      default -> throw new IllegalStateException("unhandled response directive " + d.name());
    }
  }

  private void addHeader(Directive d) {
    Values.requireArgs(d, 2, 3);
    if (d.args().size() == 3 && !d.arg(2).equals("always")) {
      throw new ConfigException("invalid parameter \"" + d.arg(2) + "\"", d.position());
    }
    if (!Values.isHeaderName(d.arg(0))) {
      throw Values.invalid(d, d.arg(0), "a header name");
    }
    if (!addHeadersDefinedHere) {
      // nginx: a level with its own add_header lines does not inherit the outer ones.
      addHeadersDefinedHere = true;
      addHeaders = new ArrayList<>();
    }
    addHeaders.add(new AddHeader(d.arg(0), Template.compile(d.arg(1), d.position()), d.args().size() == 3));
  }

  @Override
  ResponseSettings build() {
    return new ResponseSettings(types, defaultType, serverTokens, addHeaders);
  }
}
