package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash size directives: checked values, http level only, and nginx's refusal of a name too long. */
class HashSizesTest {
  @TempDir Path prefix;

  private GateConfig load(String http) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), "http {\n" + http + "\n}\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  private static String name(int length) {
    return "a".repeat(length - 5) + ".test";
  }

  @Test
  void aServerNameTooLongForTheDefaultBucketIsRefusedAsNginxRefusesIt() {
    assertThatCode(() -> load("server { listen 8080; server_name " + name(46) + "; }")).doesNotThrowAnyException();
    assertThatThrownBy(() -> load("server { listen 8080; server_name " + name(47) + "; }"))
        .hasMessageStartingWith("could not build server_names_hash, you should increase "
            + "server_names_hash_bucket_size: 64 in ");
    assertThatCode(() -> load("server_names_hash_bucket_size 128; server { listen 8080; server_name " + name(100)
        + "; }")).doesNotThrowAnyException();
    assertThatCode(() -> load("server { listen 8080; server_name *." + name(80) + " ~^" + name(80) + "$; }"))
        .as("wildcards and regexes are not in the exact-name hash").doesNotThrowAnyException();
  }

  @Test
  void aServerNameRegexMayUsePcresNamedGroups() {
    assertThatCode(() -> load("server { listen 8080; server_name ~^(?P<name>[a-z]+)\\Q.example.com\\E$; }"))
        .doesNotThrowAnyException();
  }

  @Test
  void theSizesAreCheckedAndHttpLevelOnly() {
    assertThatThrownBy(() -> load("variables_hash_max_size lots; server { listen 8080; }"))
        .hasMessageStartingWith("invalid value \"lots\" in \"variables_hash_max_size\" directive");
    assertThatThrownBy(() -> load("server { listen 8080; server_names_hash_bucket_size 64; }"))
        .hasMessageStartingWith("\"server_names_hash_bucket_size\" directive is not allowed here");
  }
}
