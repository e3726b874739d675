package dev.corral.pm.daemon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.corral.pm.daemon.FileJson;
import dev.corral.pm.process.AppSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireJsonTest {
  @Test
  void recordIsWrittenAsJacksonReadsIt() throws Exception {
    AppSpec spec = AppSpec.builder("web", List.of("bash", "run \"it\".sh"), "/srv").env(Map.of("A", "1\n2"))
        .stopExitCodes(List.of(0, 3)).build();
    assertThat(FileJson.JSON.readValue(WireJson.write(spec), AppSpec.class)).isEqualTo(spec);
  }

  @Test
  @SuppressWarnings("unchecked")
  void jacksonOutputParsesToMapsListsAndValues() throws Exception {
    String json = FileJson.JSON.writeValueAsString(Map.of("a", List.of(1, 2.5, true, "x\u00e9\"", Map.of())));
    Map<String, Object> parsed = WireJson.asObject(WireJson.parse(json));
    assertThat((List<Object>) parsed.get("a")).containsExactly(1L, 2.5, true, "x\u00e9\"", Map.of());
  }

  @Test
  void aRecordReadsBackFromItsJson() {
    AppSpec spec = AppSpec.builder("web", List.of("bash", "run.sh"), "/srv").env(Map.of("A", "1"))
        .stopExitCodes(List.of(0, 3)).watch(List.of("src")).build();
    assertThat(WireJson.read(WireJson.parse(WireJson.write(spec)), AppSpec.class)).isEqualTo(spec);
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedWithItsPath() {
    Object parsed = WireJson.parse("{\"spec\":{\"name\":\"web\",\"command\":[\"a\",7]}}");
    assertThatThrownBy(() -> WireJson.read(parsed, Holder.class))
        .hasMessage("spec.command[1]: 7 (expected: a string)");
  }

  /** A record holding a spec, to read nested paths. */
  record Holder(AppSpec spec) {}

  @Test
  void brokenJsonNamesTheOffset() {
    assertThatThrownBy(() -> WireJson.parse("{\"a\": [1, }")).hasMessageStartingWith("bad JSON at offset");
  }
}
