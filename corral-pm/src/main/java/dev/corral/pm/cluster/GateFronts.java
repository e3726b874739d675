package dev.corral.pm.cluster;

import dev.corral.gate.admin.GateAdminClient;
import dev.corral.pm.PmException;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.ClusterFront;
import dev.corral.pm.process.ClusterFronts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Cluster mode's fronts as separate {@code corral gate} processes, one per app, each a supervised instance of its
 * app ({@code exec_mode gate}): the gate serves the app's port and balances over the instances' loopback ports;
 * the daemon only changes its pool through the gate's admin socket ({@code cluster/NAME/admin.sock}, mode 0600,
 * owner-only). So the daemon is never on the data path: a {@code kill -9} of the daemon leaves the gate serving,
 * and the next daemon adopts it like any instance.
 *
 * <p>One gate per app rather than one per machine: a gate's crash, reload or configuration touches one app, and
 * its configuration is small enough to be rewritten whole at each start. Its files live in
 * {@code $CORRAL_HOME/cluster/NAME/}: {@code gate.conf}, {@code gate.pid}, {@code admin.sock}.
 *
 * <p>The gate runs on the daemon's own Java and class path, through the CLI's entry point
 * ({@value #DEFAULT_MAIN}, or the {@code corral.gate.main} system property): the class is named, not linked,
 * because the command line lives above this module.
 *
 * <p>Thread-safe.
 */
public final class GateFronts implements ClusterFronts {
  /** The entry point that understands {@code gate -c FILE}. */
  public static final String DEFAULT_MAIN = "dev.corral.cli.CorralMain";
  /** The longest Unix socket path Linux accepts (sun_path is 108 bytes with its NUL). */
  private static final int MAX_SOCKET_PATH = 107;

  private final Path clusterDir;
  private final List<String> javaCommand;
  private final Consumer<String> events;
  private final Map<String, GateFront> fronts = new ConcurrentHashMap<>();

  /**
   * @param clusterDir where each app's gate keeps its files ({@code $CORRAL_HOME/cluster})
   * @param javaCommand the command that starts a JVM running the gate's entry point: java, its options, the class
   *     path and the main class; {@code gate -c FILE -p DIR} is appended
   * @param events receives one line per pool change or failure (the daemon log)
   */
  public GateFronts(Path clusterDir, List<String> javaCommand, Consumer<String> events) {
    this.clusterDir = clusterDir;
    this.javaCommand = List.copyOf(javaCommand);
    this.events = events;
  }

  /** The gate command of this JVM: same java and class path, the gate's JVM options, {@code mainClass}. */
  public static List<String> sameJvm(String mainClass) {
    List<String> argv = new ArrayList<>();
    argv.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // As bin/corral runs `corral gate`: the serial GC, a heap that starts small, no leak sampling (see the gate's
    // benchmark notes); native access for Netty's io_uring and epoll transports.
    argv.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m",
        "-Dio.netty.leakDetection.level=disabled", "-cp", System.getProperty("java.class.path"), mainClass));
    return argv;
  }

  @Override
  public AppSpec gateSpec(AppSpec app) {
    Path dir = clusterDir.resolve(app.name());
    Path socket = dir.resolve("admin.sock");
    if (socket.toAbsolutePath().toString().length() > MAX_SOCKET_PATH) {
      throw new PmException("cluster mode: the gate's admin socket " + socket + " is longer than a Unix socket path"
          + " may be (" + MAX_SOCKET_PATH + " bytes); use a shorter CORRAL_HOME");
    }
    Path conf = dir.resolve("gate.conf");
    try {
      Files.createDirectories(clusterDir);
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Path tmp = dir.resolve("gate.conf.tmp");
      Files.writeString(tmp, GateConfigFile.render(app, dir, socket));
      Files.move(tmp, conf, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PmException("cluster mode: cannot write " + conf + ": " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(List.of("gate", "-c", conf.toString(), "-p", dir.toString()));
    return AppSpec.builder(app.name(), command, dir.toString())
        .namespace(app.namespace())
        .execMode("gate")
        .port(app.port())
        .lb(app.lb())
        .readyPort(app.port())
        .listenTimeoutMs(AppSpec.CLUSTER_LISTEN_TIMEOUT_MS)
        .stopSignal("WINCH") // the gate's graceful quit: requests in flight finish
        .killTimeoutMs(Math.max(5_000, app.killTimeoutMs() + 2_000))
        .logMaxBytes(app.logMaxBytes())
        .logKeep(app.logKeep())
        .logDateFormat(app.logDateFormat())
        .ignoreWatch(List.of())
        .build();
  }

  @Override
  public ClusterFront front(AppSpec app) {
    return fronts.computeIfAbsent(app.name(), name -> new GateFront(name,
        GateAdminClient.unixSocket(clusterDir.resolve(name).resolve("admin.sock")), events,
        () -> fronts.remove(name)));
  }
}
