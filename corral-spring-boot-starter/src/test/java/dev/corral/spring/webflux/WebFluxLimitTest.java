package dev.corral.spring.webflux;

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

/** corral.http.limits on a WebFlux app (Reactor Netty on a random port), over real HTTP. */
@SpringBootTest(classes = FluxApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("webflux")
class WebFluxLimitTest {

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
  void beyondTheLimitTheAnswerIs429WithTheHeaders() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 3; i++) {
      last = get("/api/a", "X-Api-Key", "flux-key");
      statuses.add(last.statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 429); // burst=1: two at once
    long retryNanos = limiters.keyed("api").nanosToWait("h:flux-key", 1);
    assertThat(last.headers().firstValue("Retry-After"))
        .contains(Long.toString((retryNanos + 999_999_999L) / 1_000_000_000L));
    assertThat(last.headers().firstValue("RateLimit-Policy"))
        .contains("\"api\";q=" + limiters.get("api").limit() + ";w=120");
    assertThat(last.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"api\";r=0;t=");
    assertThat(last.body()).isEqualTo("Too Many Requests\n");
    assertThat(get("/api/a", "X-Api-Key", "other-key").statusCode()).isEqualTo(200);
    assertThat(get("/free/a").headers().firstValue("RateLimit")).isEmpty();
  }

  @Test
  void rateLimitedHandlerAnswers429() throws Exception {
    assertThat(get("/reports").body()).isEqualTo("report");
    HttpResponse<String> refused = get("/reports");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }
}
