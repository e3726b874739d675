package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;

/**
 * The per-user folder of the process manager ({@code $CORRAL_HOME}, default {@code ~/.corral}) and the files in
 * it. {@link #prepare()} creates it with mode 0700 (tightening an existing one) and refuses a folder owned by
 * another user: with the socket inside a folder only its owner can enter, nobody else can even reach the socket.
 * Immutable.
 */
public record CorralHome(Path dir) {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  /** {@code $CORRAL_HOME}, else {@code ~/.corral}, from the given environment. */
  public static CorralHome fromEnvironment(Map<String, String> env) {
    String home = env.get("CORRAL_HOME");
    if (home != null && !home.isBlank()) {
      return new CorralHome(Path.of(home).toAbsolutePath().normalize());
    }
    return new CorralHome(Path.of(System.getProperty("user.home"), ".corral"));
  }

  public Path socket() { return dir.resolve("corral.sock"); }
  public Path daemonLog() { return dir.resolve("daemon.log"); }
  public Path lockFile() { return dir.resolve("daemon.lock"); }
  public Path pidFile() { return dir.resolve("daemon.pid"); }
  public Path logs() { return dir.resolve("logs"); }
  public Path pipes() { return dir.resolve("pipes"); }
  /** Where each cluster-mode app's gate keeps its configuration, pid file and admin socket. */
  public Path cluster() { return dir.resolve("cluster"); }
  /** The list written by {@code corral save} and read by {@code corral resurrect}. */
  public Path dump() { return dir.resolve("dump.json"); }
  /** The live state the daemon keeps for recovery after it is killed. */
  public Path state() { return dir.resolve("state.json"); }

  /**
   * Creates the folder and its subfolders (mode 0700) or checks an existing one.
   *
   * @throws PmException if it belongs to another user or cannot be created
   */
  public CorralHome prepare() {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      UserPrincipal owner = Files.getOwner(dir);
      UserPrincipal me = Files.getOwner(Path.of("/proc/self"));
      if (!owner.getName().equals(me.getName())) {
        throw new PmException(dir + " belongs to " + owner.getName() + ", not to " + me.getName()
            + "; set CORRAL_HOME to a folder of your own");
      }
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
      for (Path sub : new Path[] {logs(), pipes()}) {
        Files.createDirectories(sub);
        Files.setPosixFilePermissions(sub, OWNER_ONLY);
      }
      return this;
    } catch (IOException e) {
      throw new PmException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The owner of the folder: the only user the daemon accepts on its socket. */
  public UserPrincipal owner() {
    try {
      return Files.getOwner(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the owner of " + dir + ": " + e.getMessage(), e);
    }
  }
}
