package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An {@code access_log PATH [FORMAT]} or {@code access_log off}: {@code path} is empty when logging is off.
 * The default format is nginx's {@code combined}.
 */
public record AccessLog(Optional<Path> path, String formatName, Template format) {
  public static final String COMBINED_NAME = "combined";
  public static final String COMBINED = "$remote_addr - $remote_user [$time_local] \"$request\" $status "
      + "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

  /** {@code access_log off}. */
  public static AccessLog off() {
    return new AccessLog(Optional.empty(), COMBINED_NAME, Template.literal(""));
  }
}
