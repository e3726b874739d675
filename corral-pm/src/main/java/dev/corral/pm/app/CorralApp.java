package dev.corral.pm.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The app side of corral's process manager, for Java apps: {@link #ready()} tells the daemon the app is ready
 * ({@code wait_ready}), as pm2 apps call {@code process.send('ready')}. It has no dependencies and does nothing
 * when the app does not run under corral with {@code wait_ready}, so it can stay in the code everywhere.
 *
 * <pre>{@code
 * server.start();
 * CorralApp.ready();
 * }</pre>
 *
 * <p>The contract is one environment variable, so an app that does not want this dependency can do the same in one
 * line: create the (empty) file named in {@code $CORRAL_READY_FILE}. Thread-safe; stateless.
 */
public final class CorralApp {
  /** The variable naming the file whose creation means "ready". */
  public static final String READY_FILE_VAR = "CORRAL_READY_FILE";
  /** The variable holding the instance index 0..N-1 (unless the app sets another instance_var). */
  public static final String INSTANCE_VAR = "CORRAL_INSTANCE";

  private CorralApp() {}

  /**
   * Says the app is ready.
   *
   * @return true if corral was told; false when the app does not run under corral with {@code wait_ready}
   * @throws UncheckedIOException if the file cannot be created
   */
  public static boolean ready() {
    return ready(System.getenv());
  }

  static boolean ready(Map<String, String> env) {
    String file = env.get(READY_FILE_VAR);
    if (file == null || file.isBlank()) {
      return false;
    }
    try {
      Files.write(Path.of(file), new byte[0]);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell corral the app is ready (" + file + "): " + e.getMessage(), e);
    }
  }

  /** This instance's index under corral, or 0 when not run by corral. */
  public static int instance() {
    String v = System.getenv(INSTANCE_VAR);
    try {
      return v == null ? 0 : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
