package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charset module for static files: the charset in the Content-Type, and recoding through a charset_map. */
class CharsetTest {
  @TempDir Path prefix;
  @TempDir Path www;
  private GateHarness gate;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(www.resolve("t.html"), "XaXbX");
    Files.writeString(www.resolve("t.bin"), "XaXbX");
    gate = new GateHarness(prefix, "http { access_log off; root " + www + "; types { text/html html; "
        + "application/octet-stream bin; } charset_map B A { 58 59; } server { listen 127.0.0.1:PORT;"
        + " location / { charset utf-8; } location /r/ { alias " + www + "/; charset A; source_charset B; }"
        + " location /back/ { alias " + www + "/; charset B; source_charset A; }"
        + " location /none/ { alias " + www + "/; charset C; source_charset B; } } }");
  }

  @AfterEach
  void stop() {
    gate.close();
  }

  private String get(String path, String headers) throws Exception {
    return gate.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n");
  }

  @Test
  void theCharsetIsAddedToTheTypesOfCharsetTypesOnly() throws Exception {
    assertThat(get("/t.html", "")).contains("Content-Type: text/html; charset=utf-8").endsWith("XaXbX");
    assertThat(get("/t.bin", "")).contains("Content-Type: application/octet-stream\r\n");
  }

  @Test
  void aFileInTheSourceCharsetIsRecodedWholeAndByRange() throws Exception {
    assertThat(get("/r/t.html", "")).contains("Content-Type: text/html; charset=A").endsWith("YaYbY");
    assertThat(get("/r/t.html", "Range: bytes=2-3\r\n")).contains("Content-Length: 2").endsWith("Xb".replace('X', 'Y'));
  }

  @Test
  void aMapIsAlsoReadTheOtherWayRound() throws Exception {
    Files.writeString(www.resolve("y.html"), "YaY");
    assertThat(get("/back/y.html", "")).endsWith("XaX");
  }

  @Test
  void withoutAMapTheFileIsSentAsItIsAndTheMissingMapLogged() throws Exception {
    assertThat(get("/none/t.html", "")).contains("Content-Type: text/html\r\n").endsWith("XaXbX");
    assertThat(gate.errorLog()).contains("no \"charset_map\" between the charsets \"B\" and \"C\"");
  }
}
