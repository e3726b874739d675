package dev.corral.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The meters and the corral endpoint, read over HTTP through Actuator (the same app as HttpLimitFilterTest). */
@SpringBootTest(classes = WebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("web")
class ActuatorTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort
  int port;

  private HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private double count(String meter, String... tags) throws Exception {
    StringBuilder q = new StringBuilder("/actuator/metrics/" + meter + "?");
    for (String t : tags) {
      q.append("tag=").append(t).append('&');
    }
    JsonNode m = json(q.toString());
    return m.get("measurements").get(0).get("value").asDouble();
  }

  @Test
  void permitsGrantedAndRefusedAreMetered() throws Exception {
    assertThat(get("/exports").statusCode()).isEqualTo(200);
    assertThat(get("/exports").statusCode()).isEqualTo(429);
    assertThat(count("corral.limiter.permits", "limiter:exports", "result:granted")).isEqualTo(1.0);
    assertThat(count("corral.limiter.permits", "limiter:exports", "result:rejected")).isEqualTo(1.0);
  }

  @Test
  void bagpipeCallsAndGaugesAreMetered() throws Exception {
    double before = count("corral.bagpipe.calls", "bagpipe:db", "result:succeeded");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get("/search/u" + i);
      assertThat(r.body()).isEqualTo("results for u" + i);
    }
    assertThat(count("corral.bagpipe.calls", "bagpipe:db", "result:succeeded") - before).isEqualTo(3.0);
    assertThat(count("corral.bagpipe.active", "bagpipe:db")).isZero();
    assertThat(count("corral.bagpipe.queued", "bagpipe:db")).isZero();
  }

  @Test
  void corralEndpointListsLimitersAndBagpipesWithTheirState() throws Exception {
    get("/search/endpoint-user");
    JsonNode report = json("/actuator/corral");
    JsonNode search = report.get("limiters").get("search");
    assertThat(search.get("spec").asString()).isEqualTo("rate=100r/s burst=100 nodelay");
    assertThat(search.get("keyed").asBoolean()).isTrue();
    assertThat(search.get("keys").asInt()).isPositive();
    assertThat(search.get("granted").asLong()).isPositive();
    assertThat(report.get("limiters").get("reports").get("keyed").asBoolean()).isFalse();
    assertThat(report.get("limiters").get("reports").has("waitMillis")).isTrue();
    JsonNode db = report.get("bagpipes").get("db");
    assertThat(db.get("limit").asInt()).isEqualTo(2);
    assertThat(db.get("queueLimit").asInt()).isEqualTo(10);
    assertThat(db.get("succeeded").asLong()).isPositive();
    assertThat(report.get("limiters").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("api", "byAddress", "reports", "exports", "search");
  }
}
