package dev.corral.pm.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson mapper of the daemon's own files ({@code state.json}, {@code dump.json}): compact, unknown fields
 * ignored (a newer build may add some), nulls left out. The socket protocol does not use it (see
 * {@link dev.corral.pm.daemon.protocol.ProtocolCodec}). Thread-safe once built, as Jackson's mappers are.
 */
public final class FileJson {
  /** The shared mapper. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private FileJson() {}
}
