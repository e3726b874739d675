package dev.corral.gate.config;

import java.nio.file.Path;

/** A file and a 1-based line in it; prints as {@code file:line}, as nginx does. */
public record SourcePosition(Path file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
