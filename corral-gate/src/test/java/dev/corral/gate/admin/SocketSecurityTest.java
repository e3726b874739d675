package dev.corral.gate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gate.GateOptions;
import dev.corral.gate.GateServer;
import dev.corral.gate.proxy.GateStartException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Unix socket's fences: mode 0600, the peer-uid check, stale and live files, removal on stop; curl works. */
class SocketSecurityTest {
  private static final String CONFIG = """
      admin_listen unix:SOCK;
      http { access_log off; upstream app { zone app 64k; } server { listen 127.0.0.1:PORT; location / { proxy_pass http://app; } } }
      """;

  @TempDir Path prefix;

  @Test
  void theSocketIsTheOwnersOnlyAndIsRemovedOnStop() throws Exception {
    try (AdminGate gate = new AdminGate(prefix, CONFIG)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gate.socket))).isEqualTo("rw-------");
      assertThat(Files.getOwner(gate.socket).getName()).isEqualTo(PeerCredentials.currentUser());
      gate.server.stop();
      assertThat(gate.socket).doesNotExist();
    }
  }

  @Test
  void curlOverTheUnixSocketWorks() throws Exception {
    try (AdminGate gate = new AdminGate(prefix, CONFIG)) {
      Result r = run(List.of("curl", "-sS", "--unix-socket", gate.socket.toString(),
          "http://gate/api/9/http/upstreams"));
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).isEqualTo("{\"app\":{\"peers\":[],\"zombies\":0,\"zone\":\"app\"}}");
    }
  }

  @Test
  void anotherUserIsRefusedEvenWhenTheFileModeLetsItConnect() throws Exception {
    List<String> asNobody = asNobody();
    try (AdminGate gate = new AdminGate(prefix, CONFIG)) {
      List<String> curl = new ArrayList<>(asNobody);
      curl.addAll(List.of("curl", "-sS", "--unix-socket", gate.socket.toString(), "http://gate/api/9/http/upstreams"));
      Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
      Result blocked = run(curl);
      assertThat(blocked.exit()).as("mode 0600 keeps nobody out: " + blocked.output()).isNotZero();
      assertThat(blocked.output()).doesNotContain("peers");

      Files.setPosixFilePermissions(gate.socket, PosixFilePermissions.fromString("rw-rw-rw-"));
      Result refused = run(curl);
      assertThat(refused.output()).as(() -> "as nobody, socket " + describe(gate.socket) + ", the owner "
              + ownerProbe(gate.socket) + ", gate log: " + logOf(gate))
          .contains("\"status\":403")
          .contains("peer user nobody is not the gate's user " + PeerCredentials.currentUser())
          .doesNotContain("peers");
      assertThat(gate.errorLog()).contains("runtime API: connection refused: peer user nobody");
    }
  }

  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    Path socket = prefix.resolve("admin.sock");
    ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    dead.bind(UnixDomainSocketAddress.of(socket));
    dead.close(); // the file stays, nobody listens: what a gate killed with -9 leaves
    try (AdminGate gate = new AdminGate(prefix, CONFIG)) {
      assertThat(gate.unixClient().upstreams()).extracting(UpstreamView::name).containsExactly("app");
    }
  }

  @Test
  void aSocketAnotherProcessServesIsNotTakenOver() throws Exception {
    try (AdminGate first = new AdminGate(prefix, CONFIG)) {
      Path other = Files.createDirectories(prefix.resolve("second"));
      Files.createDirectories(other.resolve("conf"));
      Files.writeString(other.resolve("conf/gate.conf"), CONFIG.replace("SOCK", first.socket.toString())
          .replace("PORT", Integer.toString(AdminGate.freePort())));
      assertThatThrownBy(() -> GateServer.start(new GateOptions(other, GateOptions.DEFAULT_CONFIG, "",
          Optional.of("logs/error.log")), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
          .isInstanceOf(GateStartException.class)
          .hasMessageContaining("admin_listen unix:" + first.socket)
          .hasMessageContaining("another process serves");
      assertThat(first.unixClient().upstreams()).hasSize(1);
    }
  }

  @Test
  void aMissingSocketIsOneClearLine() {
    Path missing = prefix.resolve("none.sock");
    assertThatThrownBy(() -> GateAdminClient.unixSocket(missing).upstreams()).isInstanceOf(GateAdminException.class)
        .hasMessage("gate admin socket " + missing + " does not exist (is the gate running with admin_listen unix:"
            + missing + ";?)");
  }

  @Test
  void aClosedLoopbackPortIsOneClearLine() throws Exception {
    int port = AdminGate.freePort();
    assertThatThrownBy(() -> GateAdminClient.loopback(port).upstreams()).isInstanceOf(GateAdminException.class)
        .hasMessageStartingWith("gate admin port 127.0.0.1:" + port + " refuses connections");
  }

  record Result(int exit, String output) {}

  /** The socket file's mode and owner, or why it cannot be read: for the message of a failed assertion. */
  private static String describe(Path socket) {
    try {
      return socket + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)) + " owner "
          + Files.getOwner(socket).getName();
    } catch (IOException e) {
      return socket + " unreadable: " + e;
    }
  }

  private static String logOf(AdminGate gate) {
    try {
      return gate.errorLog();
    } catch (IOException e) {
      return "unreadable: " + e;
    }
  }

  /** Whether the socket's owner can ask the API through it at this moment (tells a dead listener from EACCES). */
  private static String ownerProbe(Path socket) {
    try {
      return "gets " + GateAdminClient.unixSocket(socket).upstreams().size() + " upstream(s)";
    } catch (RuntimeException e) {
      return "fails too: " + e.getMessage();
    }
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  /**
   * The prefix that runs a command as {@code nobody}: setpriv or runuser as root, {@code sudo -n} otherwise.
   * Without any of them the test is skipped, except under CI where it must run.
   */
  private static List<String> asNobody() throws Exception {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    List<List<String>> candidates = uid == 0
        ? List.of(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
            List.of("runuser", "-u", "nobody", "--"))
        : List.of(List.of("sudo", "-n", "-u", "nobody"));
    for (List<String> prefix : candidates) {
      List<String> probe = new ArrayList<>(prefix);
      probe.add("true");
      try {
        if (run(probe).exit() == 0) {
          return prefix;
        }
      } catch (IOException e) {
        // not installed: try the next one
      }
    }
    String why = "cannot run a process as nobody here (tried " + candidates + ")";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why + "; under CI this test must run");
    }
    Assumptions.abort(why);
    return List.of();
  }
}
