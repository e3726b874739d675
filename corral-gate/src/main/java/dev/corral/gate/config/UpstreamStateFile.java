package dev.corral.gate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx Plus's {@code state FILE;} in an upstream block: the upstream's servers live in FILE, as {@code server}
 * lines in the config syntax, instead of in the block. It is read when the configuration is loaded (a missing file
 * is an empty upstream) and rewritten, whole and atomically, after each change made through the runtime API, so
 * the membership survives a restart of the gate. Stateless.
 */
public final class UpstreamStateFile {
  private UpstreamStateFile() {}

  /**
   * Reads the servers of a state file; errors name the file and line.
   *
   * @throws ConfigException if the file cannot be read or holds anything but valid {@code server} lines
   */
  static List<UpstreamServer> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<UpstreamServer> servers = new ArrayList<>();
    for (Directive d : new ConfigParser(file.toAbsolutePath().getParent()).parseFile(file)) {
      if (!d.name().equals("server")) {
        throw new ConfigException("\"" + d.name() + "\" in a state file (expected: server lines only)",
            d.position());
      }
      servers.add(UpstreamCompiler.server(d));
    }
    return servers;
  }

  /**
   * Writes {@code servers} to {@code file}, replacing it atomically (a temporary file renamed into place).
   *
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, List<UpstreamServer> servers) throws IOException {
    StringBuilder text = new StringBuilder("# written by corral gate's runtime API; edits here are read on start\n");
    for (UpstreamServer s : servers) {
      text.append("server ").append(s.address()).append(" weight=").append(s.weight())
          .append(" max_fails=").append(s.maxFails()).append(" fail_timeout=").append(time(s.failTimeout()));
      if (s.maxConns() > 0) {
        text.append(" max_conns=").append(s.maxConns());
      }
      if (!s.slowStart().isZero()) {
        text.append(" slow_start=").append(time(s.slowStart()));
      }
      text.append(s.backup() ? " backup" : "").append(s.down() ? " down" : "").append(";\n");
    }
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String time(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
