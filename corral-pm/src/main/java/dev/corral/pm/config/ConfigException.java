package dev.corral.pm.config;

import dev.corral.pm.PmException;
import java.nio.file.Path;

/** A mistake in an ecosystem file; the message starts with {@code FILE:LINE:} and names the field. */
public final class ConfigException extends PmException {
  private static final long serialVersionUID = 1L;

  public ConfigException(Path file, int line, String message) {
    super(file.getFileName() + ":" + line + ": " + message);
  }

  public ConfigException(Path file, int line, String message, Throwable cause) {
    super(file.getFileName() + ":" + line + ": " + message, cause);
  }
}
