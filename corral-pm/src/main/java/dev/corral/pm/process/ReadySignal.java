package dev.corral.pm.process;

import dev.corral.pm.app.CorralApp;
import dev.corral.pm.logs.LineWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The file that says one launch of an instance is ready: the app creates it ({@code wait_ready}, through the
 * {@link CorralApp#READY_FILE_VAR} variable), or the out pump creates it when a line contains {@code ready_line};
 * {@link Readiness} waits for it. One per launch, so a late signal of an earlier run never counts.
 *
 * @param file the ready file of this launch, in the daemon's pipes folder
 */
record ReadySignal(Path file) {

  /** The signal of launch {@code seq} of the instance object named {@code tag} (its id, and generation if any). */
  static ReadySignal of(Path pipesDir, String tag, int seq) {
    return new ReadySignal(pipesDir.resolve(tag + "-" + seq + ".ready"));
  }

  /** The variable to give the app when it signals readiness itself, after removing a leftover file; else none. */
  Map<String, String> env(AppSpec spec) {
    if (!spec.usesReadyFile()) {
      return Map.of();
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset " + file + ": " + e.getMessage(), e);
    }
    return Map.of(CorralApp.READY_FILE_VAR, file.toString());
  }

  /**
   * With {@code ready_line}, a watch for the out pump that creates the file on the first matching line; a failure
   * to create it is reported to {@code problems}.
   */
  Optional<LineWatch> lineWatch(AppSpec spec, Consumer<String> problems) {
    if (spec.readyLine().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LineWatch(spec.readyLine(), () -> {
      try {
        Files.write(file, new byte[0]);
      } catch (IOException e) {
        problems.accept("cannot mark ready: " + e.getMessage());
      }
    }));
  }
}
