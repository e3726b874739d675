package dev.corral.gate.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes throw-away certificates for tests with the {@code openssl} command (never committed), and runs the TLS
 * clients ({@code curl}, {@code openssl s_client}). A missing tool skips the test locally and fails it under
 * {@code CI=true}.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** Fails under CI, else skips, when {@code tool} is not on the PATH. */
  public static void require(String tool) {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      found |= !dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, tool));
    }
    if (!found) {
      String message = tool + " is not installed (apt-get install " + tool + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }

  /** A self-signed RSA certificate for {@code cn}: {@code dir/NAME.crt} and {@code dir/NAME.key}. */
  public static void rsa(Path dir, String name, String cn) {
    require("openssl");
    run(List.of("openssl", "req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=" + cn, "-keyout", dir.resolve(name + ".key").toString(),
        "-out", dir.resolve(name + ".crt").toString()), 60);
  }

  /** A self-signed ECDSA (P-256) certificate for {@code cn}. */
  public static void ecdsa(Path dir, String name, String cn) {
    require("openssl");
    run(List.of("openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "2", "-subj", "/CN=" + cn, "-keyout", dir.resolve(name + ".key").toString(),
        "-out", dir.resolve(name + ".crt").toString()), 60);
  }

  /** Encrypts {@code dir/NAME.key} with {@code password} into {@code dir/NAME.enc.key} (PKCS#8, AES-256). */
  public static void encrypt(Path dir, String name, String password) {
    run(List.of("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", dir.resolve(name + ".key").toString(),
        "-out", dir.resolve(name + ".enc.key").toString(), "-passout", "pass:" + password), 30);
  }

  /** Runs {@code command} with {@code stdin} as its input; returns stdout and stderr together. */
  public static String run(List<String> command, String stdin, int timeoutSeconds) {
    try {
      // timeout(1) bounds the run even when the tool waits on a connection that stays open
      List<String> bounded = new ArrayList<>(List.of("timeout", Integer.toString(timeoutSeconds)));
      bounded.addAll(command);
      Process p = new ProcessBuilder(bounded).redirectErrorStream(true).start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds + 5L, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not end within " + timeoutSeconds + " s");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(command + ": interrupted", e);
    }
  }

  public static String run(List<String> command, int timeoutSeconds) {
    return run(command, "", timeoutSeconds);
  }
}
