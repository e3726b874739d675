package dev.corral.gate.config;

import java.nio.file.Path;

/**
 * An {@code error_log FILE [LEVEL]} of the http, server or location level: the errors of requests handled there go
 * to {@code file} (a file named {@code stderr} means the standard error stream, as nginx), and nowhere else, from
 * {@code level} up. Immutable.
 *
 * @param file absolute, or {@code PREFIX/stderr}
 * @param level one of nginx's levels, default {@code error}
 */
public record ErrorLogTarget(Path file, String level) {
  /** Whether this names the standard error stream. */
  public boolean isStderr() {
    return file.getFileName() != null && file.getFileName().toString().equals("stderr");
  }
}
