package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add_header} over real HTTP: nginx's inheritance, its status rule, {@code always} and variables. */
class AddHeaderTest {
  @TempDir Path prefix;
  private TestBackend backend;
  private GateHarness gate;

  @BeforeEach
  void backend() throws Exception {
    backend = new TestBackend("app");
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
    backend.close();
  }

  private void start(String http) throws Exception {
    gate = new GateHarness(prefix, "http { access_log off; " + http.replace("BACKEND", backend.address()) + " }");
  }

  private List<String> header(String path, String name) throws Exception {
    HttpResponse<String> r = gate.get(path);
    return r.headers().allValues(name);
  }

  @Test
  void headersAreAddedToProxiedAndLocalAnswersWithVariablesRendered() throws Exception {
    start("""
        server { listen 127.0.0.1:PORT;
          add_header X-Served-By corral;
          add_header X-Status "$status for $request_method $uri";
          location /app { proxy_pass http://BACKEND; }
          location /here { return 200 "hi"; } }
        """);
    assertThat(header("/app", "X-Served-By")).containsExactly("corral");
    assertThat(header("/app", "X-Status")).containsExactly("200 for GET /app");
    assertThat(header("/here", "X-Status")).containsExactly("200 for GET /here");
  }

  @Test
  void aLevelWithItsOwnAddHeaderDropsTheOuterOnes() throws Exception {
    start("""
        add_header X-Http h;
        server { listen 127.0.0.1:PORT; add_header X-Server s;
          location /own { add_header X-Own o; add_header X-Own o2; return 200; }
          location /inherits { return 200; } }
        """);
    HttpResponse<String> own = gate.get("/own");
    assertThat(own.headers().allValues("X-Own")).containsExactly("o", "o2");
    assertThat(own.headers().firstValue("X-Server")).isEmpty();
    assertThat(own.headers().firstValue("X-Http")).isEmpty();
    HttpResponse<String> inherits = gate.get("/inherits");
    assertThat(inherits.headers().allValues("X-Server")).containsExactly("s");
    assertThat(inherits.headers().firstValue("X-Http")).as("the server level has its own").isEmpty();
  }

  @Test
  void withoutAlwaysOnlyNginxsSuccessAndRedirectStatusesGetTheHeader() throws Exception {
    start("""
        server { listen 127.0.0.1:PORT;
          add_header X-Plain p; add_header X-Always a always;
          location /status { proxy_pass http://BACKEND; }
          location = /moved { return 301 http://example.test/; }
          location = /missing { return 404; } }
        """);
    for (int status : new int[] {200, 201, 204, 206, 302, 303, 307, 308}) {
      HttpResponse<String> r = gate.get("/status/" + status);
      assertThat(r.headers().firstValue("X-Plain")).as("status " + status).contains("p");
    }
    for (int status : new int[] {202, 400, 403, 429, 500, 503}) {
      HttpResponse<String> r = gate.get("/status/" + status);
      assertThat(r.headers().firstValue("X-Plain")).as("status " + status).isEmpty();
      assertThat(r.headers().firstValue("X-Always")).as("status " + status).contains("a");
    }
    assertThat(header("/moved", "X-Plain")).containsExactly("p");
    assertThat(header("/missing", "X-Plain")).isEmpty();
    assertThat(header("/missing", "X-Always")).containsExactly("a");
    assertThat(header("/nowhere", "X-Always")).as("no location: the server's").containsExactly("a");
  }

  @Test
  void anEmptyValueAddsNothingAndALimitRefusalGetsOnlyAlwaysHeaders() throws Exception {
    start("""
        limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
        server { listen 127.0.0.1:PORT;
          location / { limit_req zone=one; add_header X-Key "$http_x_key"; add_header X-Limit "$limit_req_status" always;
            return 200; } }
        """);
    HttpResponse<String> first = gate.get("/");
    assertThat(first.headers().firstValue("X-Key")).isEmpty();
    assertThat(first.headers().allValues("X-Limit")).containsExactly("PASSED");
    HttpResponse<String> refused = gate.get("/");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().allValues("X-Limit")).containsExactly("REJECTED");
  }
}
