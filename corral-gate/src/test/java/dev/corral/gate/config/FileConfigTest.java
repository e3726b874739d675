package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static-file directives: defaults, inheritance and the -t messages with file:line. */
class FileConfigTest {
  @TempDir Path prefix;

  private GateConfig load(String text) {
    try {
      Files.writeString(prefix.resolve("gate.conf"), text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  private FileSettings location(String http) {
    return load("http { " + http + " }").servers().get(0).locations().get(0).settings().files();
  }

  private String at(int line) {
    return " in " + prefix.resolve("gate.conf") + ":" + line;
  }

  @Test
  void theDefaultsAreNginxs() {
    FileSettings files = location("server { listen 8080; location / { } }");
    assertThat(files.root()).isEqualTo(prefix.toAbsolutePath().normalize().resolve("html"));
    assertThat(files.index()).extracting(Template::toString).containsExactly("index.html");
    assertThat(files.etag()).isTrue();
    assertThat(files.ifModifiedSince()).isEqualTo(FileSettings.IfModifiedSince.EXACT);
    assertThat(files.expires()).isEqualTo(Expires.OFF);
    assertThat(files.disableSymlinks()).isEqualTo(FileSettings.DisableSymlinks.OFF);
    assertThat(files.tryFiles()).isEmpty();
  }

  @Test
  void aRelativeRootIsUnderThePrefixAndInnerLevelsWin() {
    FileSettings files = location("root www/; index a.html; server { listen 8080; index b.html c.html; "
        + "location / { etag off; } }");
    assertThat(files.root()).isEqualTo(prefix.toAbsolutePath().normalize().resolve("www"));
    assertThat(files.index()).extracting(Template::toString).containsExactly("b.html", "c.html");
    assertThat(files.etag()).isFalse();
  }

  @Test
  void expiresTakesNginxsForms() {
    assertThat(location("server { listen 8080; location / { expires 1h; } }").expires())
        .isEqualTo(new Expires(Expires.Mode.ACCESS, 3600));
    assertThat(location("server { listen 8080; location / { expires -30; } }").expires())
        .isEqualTo(new Expires(Expires.Mode.ACCESS, -30));
    assertThat(location("server { listen 8080; location / { expires modified +1d; } }").expires())
        .isEqualTo(new Expires(Expires.Mode.MODIFIED, 86400));
    assertThat(location("server { listen 8080; location / { expires @15h30m; } }").expires())
        .isEqualTo(new Expires(Expires.Mode.DAILY, 15 * 3600 + 30 * 60));
    assertThat(location("server { listen 8080; location / { expires max; } }").expires().mode())
        .isEqualTo(Expires.Mode.MAX);
  }

  @Test
  void badValuesAreRefusedWithFileAndLine() {
    assertThatThrownBy(() -> load("http {\n if_modified_since later;\n}"))
        .hasMessage("invalid value \"later\" in \"if_modified_since\" directive (expected: off, exact or before)"
            + at(2));
    assertThatThrownBy(() -> load("http {\n expires soon;\n}"))
        .hasMessage("invalid value \"soon\" in \"expires\" directive (expected: epoch, max, off, [modified] TIME or @TIME)"
            + at(2));
    assertThatThrownBy(() -> load("http {\n expires @25h;\n}"))
        .hasMessage("daily time value must be less than 24 hours" + at(2));
    assertThatThrownBy(() -> load("http {\n try_files $uri;\n}"))
        .hasMessage("invalid number of arguments in \"try_files\" directive" + at(2));
    assertThatThrownBy(() -> load("http {\n disable_symlinks sometimes;\n}"))
        .hasMessage("invalid value \"sometimes\" in \"disable_symlinks\" directive (expected: off, on or "
            + "if_not_owner)" + at(2));
    assertThatThrownBy(() -> load("http {\n etag yes;\n}"))
        .hasMessage("invalid value \"yes\" in \"etag\" directive, it must be \"on\" or \"off\"" + at(2));
  }

  @Test
  void aliasIsForLocationsOnlyAndExcludesRoot() {
    assertThatThrownBy(() -> load("http {\n alias /srv;\n}"))
        .hasMessage("\"alias\" directive is not allowed here" + at(2));
    assertThatThrownBy(() -> load("http { server { listen 8080; location / {\n root /a;\n alias /b; } } }"))
        .hasMessage("\"alias\" directive is duplicate, \"root\" directive was specified earlier" + at(3));
    assertThatThrownBy(() -> load("http {\n root /a;\n root /b;\n}"))
        .hasMessage("\"root\" directive is duplicate" + at(3));
  }
}
