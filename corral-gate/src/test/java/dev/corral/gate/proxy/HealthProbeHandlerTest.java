package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.HealthMatch;
import dev.corral.gate.config.HeaderCondition;
import dev.corral.gate.config.MatchRegex;
import dev.corral.gate.config.StatusCondition;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.DecoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How one health-check response is judged, on an {@link EmbeddedChannel} (no sockets needed). */
class HealthProbeHandlerTest {
  private final List<Boolean> verdicts = new ArrayList<>();

  private EmbeddedChannel channel(Optional<HealthMatch> match) {
    return new EmbeddedChannel(new HealthProbeHandler(match, verdicts::add));
  }

  private static HealthMatch bodyMatch(boolean negated, String regex) {
    return new HealthMatch("m", List.of(), List.of(),
        List.of(new HealthMatch.BodyTest(negated, MatchRegex.compile(regex))));
  }

  private static HttpResponse response(int status, String... headers) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    return r;
  }

  private static DefaultHttpContent chunk(String text) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
  }

  private static DefaultHttpContent filler(int n) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) '.');
    return new DefaultHttpContent(Unpooled.wrappedBuffer(bytes));
  }

  @Test
  void withoutMatchA2xxOr3xxPassesAtTheHeader() {
    EmbeddedChannel ch = channel(Optional.empty());
    ch.writeInbound(response(302));
    assertThat(verdicts).containsExactly(true);
    assertThat(ch.isOpen()).isFalse();
    verdicts.clear();
    channel(Optional.empty()).writeInbound(response(404));
    assertThat(verdicts).containsExactly(false);
  }

  @Test
  void matchWithoutBodyTestsDecidesAtTheHeaderWhateverTheStatus() {
    HealthMatch noRefresh = new HealthMatch("m", List.of(),
        List.of(new HeaderCondition("Refresh", HeaderCondition.Op.ABSENT, "", Optional.empty())), List.of());
    EmbeddedChannel ch = channel(Optional.of(noRefresh));
    ch.writeInbound(response(503));
    assertThat(verdicts).containsExactly(true);
    assertThat(ch.isOpen()).isFalse();
    verdicts.clear();
    channel(Optional.of(noRefresh)).writeInbound(response(200, "refresh", "0"));
    assertThat(verdicts).as("header names are case-insensitive").containsExactly(false);
  }

  @Test
  void aFailedHeadFailsWithoutReadingTheBody() {
    HealthMatch m = new HealthMatch("m", List.of(new StatusCondition(false, List.of(new StatusCondition.Range(200, 200)))),
        List.of(), List.of(new HealthMatch.BodyTest(false, MatchRegex.compile("ok"))));
    EmbeddedChannel ch = channel(Optional.of(m));
    ch.writeInbound(response(500));
    assertThat(verdicts).containsExactly(false);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void bodyIsJudgedAtItsEndAcrossChunks() {
    EmbeddedChannel ch = channel(Optional.of(bodyMatch(false, "Welcome to nginx!")));
    ch.writeInbound(response(200), chunk("<h1>Welcome to "));
    assertThat(verdicts).isEmpty();
    assertThat(ch.isOpen()).isTrue();
    ch.writeInbound(chunk("nginx!</h1>"), LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(verdicts).containsExactly(true);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void negatedBodyTestFailsWhenTheTextIsThere() {
    EmbeddedChannel ch = channel(Optional.of(bodyMatch(true, "maintenance")));
    ch.writeInbound(response(200), new DefaultLastHttpContent(
        Unpooled.copiedBuffer("down for maintenance", StandardCharsets.US_ASCII)));
    assertThat(verdicts).containsExactly(false);
  }

  @Test
  void onlyTheFirst256kAreExaminedAndTheVerdictComesAtTheLimit() {
    int limit = HealthMatch.BODY_LIMIT;
    assertThat(limit).isEqualTo(262_144);
    String marker = "MARK";
    // The marker ends exactly at the limit: seen.
    EmbeddedChannel inside = channel(Optional.of(bodyMatch(false, marker)));
    inside.writeInbound(response(200), filler(limit - marker.length()), chunk(marker));
    assertThat(verdicts).containsExactly(true);
    assertThat(inside.isOpen()).as("closed at the limit, without waiting for the rest").isFalse();
    verdicts.clear();
    // The marker straddles the limit: its last byte is past it, so it is not seen, and nothing past it is kept.
    EmbeddedChannel straddling = channel(Optional.of(bodyMatch(false, marker)));
    straddling.writeInbound(response(200), filler(limit - marker.length() + 1), chunk(marker + "more"));
    assertThat(verdicts).containsExactly(false);
    assertThat(straddling.isOpen()).isFalse();
  }

  @Test
  void anEndlessBodyGetsAVerdictAtTheLimit() {
    EmbeddedChannel ch = channel(Optional.of(bodyMatch(true, "error")));
    ch.writeInbound(response(200));
    for (int i = 0; i < 64 && ch.isOpen(); i++) {
      ch.writeInbound(filler(8192));
    }
    assertThat(verdicts).containsExactly(true);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aTruncatedOrMalformedResponseFails() {
    EmbeddedChannel truncated = channel(Optional.of(bodyMatch(true, "error")));
    LastHttpContent cut = new DefaultLastHttpContent();
    cut.setDecoderResult(DecoderResult.failure(new IllegalStateException("connection closed before the end")));
    truncated.writeInbound(response(200), chunk("partial"), cut);
    assertThat(verdicts).containsExactly(false);
    verdicts.clear();
    HttpResponse bad = response(200);
    bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
    channel(Optional.empty()).writeInbound(bad);
    assertThat(verdicts).containsExactly(false);
  }

  @Test
  void aCloseBeforeTheVerdictFailsOnce() {
    EmbeddedChannel ch = channel(Optional.of(bodyMatch(false, "ok")));
    ch.writeInbound(response(200), chunk("o"));
    ch.close();
    assertThat(verdicts).containsExactly(false);
  }
}
