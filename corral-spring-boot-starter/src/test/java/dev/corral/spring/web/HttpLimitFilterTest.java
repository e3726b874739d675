package dev.corral.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.spring.limit.CorralLimiters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** corral.http.limits over real HTTP: 429 beyond the limit, with Retry-After and the IETF headers. */
@SpringBootTest(classes = WebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("web")
class HttpLimitFilterTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  CorralLimiters limiters;

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void beyondTheLimitTheAnswerIs429WithRetryAfter() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 4; i++) {
      last = get("/api/a", "X-Api-Key", "key-429");
      statuses.add(last.statusCode());
    }
    // rate=1r/m burst=2 nodelay: three at once, then nothing until the (fake) clock moves
    assertThat(statuses).containsExactly(200, 200, 200, 429);
    long retryNanos = limiters.keyed("api").nanosToWait("h:key-429", 1);
    assertThat(last.headers().firstValue("Retry-After"))
        .contains(Long.toString((retryNanos + 999_999_999L) / 1_000_000_000L));
    assertThat(last.body()).isEqualTo("Too Many Requests\n");
  }

  @Test
  void everyLimitedAnswerCarriesThePolicyAndWhatRemains() throws Exception {
    long quota = limiters.get("api").limit();
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = get("/api/b", "X-Api-Key", "key-headers");
      // 3 permits at 1 per minute take 180 s to come back
      assertThat(r.headers().firstValue("RateLimit-Policy")).contains("\"api\";q=" + quota + ";w=180");
      remaining.add(r.headers().firstValue("RateLimit").orElseThrow().replaceAll(";t=\\d+$", ""));
    }
    assertThat(remaining).containsExactly("\"api\";r=2", "\"api\";r=1", "\"api\";r=0", "\"api\";r=0");
  }

  @Test
  void eachKeyHasItsOwnBudget() throws Exception {
    for (int i = 0; i < 3; i++) {
      get("/api/c", "X-Api-Key", "key-spent");
    }
    assertThat(get("/api/c", "X-Api-Key", "key-spent").statusCode()).isEqualTo(429);
    assertThat(get("/api/c", "X-Api-Key", "key-fresh").statusCode()).isEqualTo(200);
  }

  @Test
  void pathsOutsideThePatternsAreNotLimited() throws Exception {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = get("/free/d");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("RateLimit")).isEmpty();
    }
  }

  @Test
  void trustedForwardedForKeysByTheAddressTheNearestProxySaw() throws Exception {
    assertThat(get("/addr/e", "X-Forwarded-For", "198.51.100.1").statusCode()).isEqualTo(200);
    assertThat(get("/addr/e", "X-Forwarded-For", "198.51.100.1").statusCode()).isEqualTo(429);
    // a client-written first entry does not change the key: the proxy appended 198.51.100.1
    assertThat(get("/addr/e", "X-Forwarded-For", "203.0.113.9, 198.51.100.1").statusCode()).isEqualTo(429);
    assertThat(get("/addr/e", "X-Forwarded-For", "198.51.100.2").statusCode()).isEqualTo(200);
  }

  @Test
  void rateLimitedControllerMethodAnswers429() throws Exception {
    assertThat(get("/reports").statusCode()).isEqualTo(200);
    HttpResponse<String> refused = get("/reports");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }
}
