package dev.corral.pm.daemon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.daemon.FileJson;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form of every request and reply, and the one-line errors for messages that are not valid. */
class ProtocolCodecTest {
  private static final AppSpec SPEC = AppSpec.builder("web", List.of("java", "-jar", "web.jar"), "/srv")
      .env(Map.of("PORT", "8080")).instances(2).build();

  @Test
  void everyRequestReadsBackAsTheSameRecord() {
    List<Request<?>> requests = List.of(new Request.Ping(), new Request.ListInstances(), new Request.Start(SPEC),
        new Request.Update(SPEC), new Request.Stop("web"), new Request.Restart("0"),
        new Request.RestartWithEnv("web", Map.of("A", "1")), new Request.Reload("all", 2), new Request.Delete("web"),
        new Request.Reset("web"), new Request.Flush("all"), Request.Scale.by("web", -1), Request.Scale.to("web", 4),
        new Request.SendSignal("web", "USR2"), new Request.Save(true), new Request.Resurrect(), new Request.Kill());
    for (Request<?> request : requests) {
      assertThat(ProtocolCodec.readRequest(ProtocolCodec.request(request))).isEqualTo(request);
    }
  }

  @Test
  void aRequestKeepsTheWireShapeOfProtocolVersion2() {
    assertThat(ProtocolCodec.request(new Request.Reload("web", 2)))
        .isEqualTo("{\"v\":2,\"cmd\":\"reload\",\"args\":{\"target\":\"web\",\"parallel\":2}}");
    assertThat(ProtocolCodec.request(new Request.Kill(), 1)).isEqualTo("{\"v\":1,\"cmd\":\"kill\",\"args\":{}}");
  }

  @Test
  void anInstancesReplyIsTheListAsJacksonWritesItAndReadsBackTyped() throws Exception {
    InstanceView view = new InstanceView(3, "web", "default", 1, "cluster", 4242, "online", 61_000, 2, 1, 143, 12.5,
        50L << 20, "/h/logs/web-3-out.log", "/h/logs/web-3-err.log", SPEC, 41001);
    String line = ProtocolCodec.reply(new Reply.Instances(List.of(view)));
    JsonNode wire = FileJson.JSON.readTree(line);
    assertThat(wire.get("result")).isEqualTo(FileJson.JSON.readTree(FileJson.JSON.writeValueAsString(List.of(view))));
    ProtocolCodec.Envelope envelope = ProtocolCodec.readReply(line);
    assertThat(envelope.ok()).isTrue();
    assertThat(ProtocolCodec.result(new Request.ListInstances(), envelope.result()).instances()).containsExactly(view);
  }

  @Test
  void pongAndSavedReadBackTyped() {
    ProtocolCodec.Envelope pong = ProtocolCodec.readReply(ProtocolCodec.reply(new Reply.Pong(77, 2)));
    assertThat(ProtocolCodec.result(new Request.Ping(), pong.result())).isEqualTo(new Reply.Pong(77, 2));
    ProtocolCodec.Envelope saved = ProtocolCodec.readReply(ProtocolCodec.reply(new Reply.Saved("/h/dump.json", 3)));
    assertThat(ProtocolCodec.result(new Request.Save(false), saved.result())).isEqualTo(new Reply.Saved("/h/dump.json", 3));
  }

  @Test
  void aFailureCarriesItsCodeAndMessage() {
    ProtocolCodec.Envelope failure = ProtocolCodec.readReply(ProtocolCodec.failure("user", "no app named 'x'"));
    assertThat(failure.ok()).isFalse();
    assertThat(failure.code()).isEqualTo("user");
    assertThat(failure.error()).isEqualTo("no app named 'x'");
    assertThat(failure.version()).isEqualTo(ProtocolCodec.VERSION);
  }

  @Test
  void anUnknownCommandIsOneMalformedError() {
    assertThatThrownBy(() -> ProtocolCodec.readRequest("{\"v\":2,\"cmd\":\"explode\",\"args\":{}}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("protocol"))
        .hasMessage("unknown daemon command 'explode'");
  }

  @Test
  void aLineThatIsNotJsonIsOneMalformedError() {
    assertThatThrownBy(() -> ProtocolCodec.readRequest("stop web"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("protocol"))
        .hasMessageStartingWith("not a protocol request: bad JSON at offset 0");
  }

  @Test
  void anArgumentOfTheWrongTypeNamesTheCommandTheFieldAndWhatWasExpected() {
    assertThatThrownBy(() -> ProtocolCodec.readRequest(
        "{\"v\":2,\"cmd\":\"scale\",\"args\":{\"name\":\"web\",\"count\":\"two\",\"relative\":false}}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("invalid"))
        .hasMessage("scale: count: \"two\" (expected: a whole number)");
  }

  @Test
  void aMissingTargetIsInvalid() {
    assertThatThrownBy(() -> ProtocolCodec.readRequest("{\"v\":2,\"cmd\":\"stop\",\"args\":{}}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("invalid"))
        .hasMessage("stop: target: missing (expected: an id, an app name, a namespace or all)");
  }

  @Test
  void anInvalidAppSpecIsRefusedWithTheSpecsOwnMessage() {
    String line = ProtocolCodec.request(new Request.Start(SPEC)).replace("\"instances\":2", "\"instances\":0");
    assertThatThrownBy(() -> ProtocolCodec.readRequest(line))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("invalid"))
        .hasMessage("start: instances: 0 (expected: 1..1024)");
  }

  @Test
  void anotherVersionIsRefusedSayingBothVersions() {
    assertThatThrownBy(() -> ProtocolCodec.readRequest("{\"v\":99,\"cmd\":\"list\"}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("version"))
        .hasMessageContaining("99").hasMessageContaining("speaks " + ProtocolCodec.VERSION);
  }

  @Test
  void aReplyOfTheWrongShapeIsAnError() {
    assertThatThrownBy(() -> ProtocolCodec.result(new Request.ListInstances(), Map.of("pid", 1L)))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("the daemon's reply to 'list' is not");
  }
}
