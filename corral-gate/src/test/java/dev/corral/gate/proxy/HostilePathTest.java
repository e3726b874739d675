package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No request reaches a file outside the root: a corpus of hostile request targets, sent as raw bytes over a real
 * socket to a gate serving a real directory, next to which a secret file lies. Each one must answer without the
 * secret's text, and the ones nginx refuses as malformed must answer 400.
 */
class HostilePathTest {
  private static final String SECRET = "TOP-SECRET-CONTENT";
  @TempDir Path base;
  private GateHarness gate;
  private Path root;

  @BeforeEach
  void files() throws Exception {
    root = base.resolve("www");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("ok.txt"), "public");
    Files.writeString(base.resolve("secret.txt"), SECRET);
    Files.createDirectories(base.resolve("www-private"));
    Files.writeString(base.resolve("www-private/secret.txt"), SECRET);
    Files.createSymbolicLink(root.resolve("link.txt"), base.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("linkdir"), base);
    Path prefix = Files.createDirectories(base.resolve("prefix"));
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; root " + root + ";"
        + " disable_symlinks on;"
        + " location /files/ { alias " + root + "/; }"
        + " location /www { alias " + root + "; } } }");
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  private String get(String target) throws Exception {
    return gate.raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }

  @Test
  void theRootIsServedAtAll() throws Exception {
    assertThat(get("/ok.txt")).startsWith("HTTP/1.1 200").endsWith("public");
    assertThat(get("/files/ok.txt")).startsWith("HTTP/1.1 200").endsWith("public");
  }

  @Test
  void noHostilePathReturnsTheSecret() throws Exception {
    List<String> corpus = List.of(
        "/../secret.txt", "/../../secret.txt", "/sub/../../secret.txt", "/./../secret.txt",
        "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/sub%2f..%2f..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "/..%252fsecret.txt", "/..\\secret.txt",
        "/%5c..%5csecret.txt", "/..%5csecret.txt", "//../secret.txt", "/sub//..//..//secret.txt",
        "/ok.txt%00/../../secret.txt", "/%00../secret.txt", "/..%00/secret.txt", "/link.txt", "/linkdir/secret.txt",
        "/sub/../link.txt", "/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt",
        "/files/../../secret.txt", "/www-private/secret.txt", "/www../secret.txt", "/www/../secret.txt",
        "/www%2f..%2fsecret.txt", "/files/link.txt", "/files/linkdir/secret.txt", "/%c0%ae%c0%ae/secret.txt",
        "/..;/secret.txt", "/%2e%2e;/secret.txt", "/..%u2216secret.txt", "/sub/..../secret.txt", "/...",
        "/%", "/%2", "/%zz/secret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt");
    List<String> leaked = new ArrayList<>();
    for (String target : corpus) {
      String answer = get(target);
      assertThat(answer).as(target).startsWith("HTTP/1.1 ");
      if (answer.contains(SECRET)) {
        leaked.add(target);
      }
    }
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
    assertThat(leaked).isEmpty();
  }

  @Test
  void pathsClimbingAboveTheRootOrBadlyEscapedAreRefusedAs400() throws Exception {
    for (String target : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/ok.txt%00",
        "/%zz", "/%")) {
      assertThat(get(target)).as(target).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void aSymlinkIsRefusedWith403UnderDisableSymlinksOn() throws Exception {
    assertThat(get("/link.txt")).startsWith("HTTP/1.1 403");
    assertThat(get("/linkdir/secret.txt")).startsWith("HTTP/1.1 403");
  }
}
