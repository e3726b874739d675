package dev.corral.gate.config;

import java.util.List;

/**
 * What the gate puts in the responses it writes or relays. Immutable.
 *
 * @param types {@code types}: extension → MIME type, for the Content-Type of {@code return} texts; nginx's three
 *     built-in entries unless a level sets a {@code types} block
 * @param defaultType {@code default_type}, default {@code text/plain} (nginx's compiled default); empty: no
 *     Content-Type header
 * @param serverTokens {@code server_tokens}, default on: whether the Server header and error pages show the version
 * @param addHeaders {@code add_header} lines in order; a level with its own drops the inherited ones
 */
public record ResponseSettings(MimeTypes types, String defaultType, boolean serverTokens,
    List<AddHeader> addHeaders) {
  public ResponseSettings {
    addHeaders = List.copyOf(addHeaders);
  }

  /** nginx's defaults. */
  static ResponseSettings defaults() {
    return new ResponseSettings(MimeTypes.NGINX_DEFAULT, "text/plain", true, List.of());
  }
}
