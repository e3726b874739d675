package dev.corral.limit.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of {@code n} masters and no replicas on free 127.0.0.1 ports: {@code n} real
 * {@code redis-server --cluster-enabled yes} processes (see {@link RedisServer}), joined by
 * {@code redis-cli --cluster create … --cluster-replicas 0 --cluster-yes}, which spreads the 16384 slots over them.
 * {@link #start} returns once every node reports {@code cluster_state:ok}. Not thread-safe: one test class drives it.
 */
public final class RedisCluster implements AutoCloseable {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * The redis-cli executable: {@code $REDIS_CLI}, else {@code redis-cli} beside the redis-server binary, else on
   * PATH.
   */
  public static Optional<Path> findCli(Path server) {
    String explicit = System.getenv("REDIS_CLI");
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    Path beside = server.resolveSibling("redis-cli");
    if (Files.isExecutable(beside)) {
      return Optional.of(beside);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-cli"))) {
        return Optional.of(Path.of(dir, "redis-cli"));
      }
    }
    return Optional.empty();
  }

  /**
   * The redis-cli binary, or: under CI an {@link IllegalStateException} (the tests fail), elsewhere a
   * {@link org.opentest4j.TestAbortedException} (the tests are skipped), both saying how to install it.
   */
  public static Path requireCli(Optional<Path> cli, boolean ci) {
    if (cli.isPresent()) {
      return cli.get();
    }
    String missing = "redis-cli not found (looked at $REDIS_CLI, beside redis-server, PATH); install it (Debian: "
        + "apt-get install redis-tools) to run the Redis Cluster tests";
    if (ci) {
      throw new IllegalStateException(missing + " (CI=true: the Redis tests must run)");
    }
    throw new org.opentest4j.TestAbortedException(missing);
  }

  /** Starts {@code masters} nodes and creates the cluster; on any failure the nodes started so far are stopped. */
  public static RedisCluster start(Path server, Path cli, int masters) throws IOException, InterruptedException {
    List<RedisServer> nodes = new ArrayList<>();
    RedisCluster cluster = new RedisCluster(nodes);
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(RedisServer.start(server, List.of("--cluster-enabled", "yes", "--cluster-node-timeout", "5000")));
      }
      cluster = new RedisCluster(nodes);
      cluster.create(cli);
      cluster.awaitOk();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes, each a master owning a share of the slots. */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** A Lettuce URI of one node (the cluster client discovers the others). */
  public String uri() {
    return nodes.get(0).uri();
  }

  private void create(Path cli) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
    for (RedisServer node : nodes) {
      cmd.add("127.0.0.1:" + node.port());
    }
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("redis-cli --cluster create failed: " + out.strip());
    }
  }

  private void awaitOk() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    for (RedisServer node : nodes) {
      while (true) {
        String info = node.command("CLUSTER", "INFO");
        if (info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.size())) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("redis cluster node on port " + node.port() + " not ok within 60 s: " + info);
        }
        Thread.sleep(50);
      }
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (RedisServer node : nodes) {
      try {
        node.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
