package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import dev.corral.cli.pm.MonitKeys.Key;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** monit's picture and keys, without a terminal. */
class MonitScreenTest {
  private static InstanceView view(int id, String name, String status) {
    AppSpec spec = AppSpec.builder(name, List.of("sleep", "1"), "/").build();
    return new InstanceView(id, name, "default", 0, "fork", status.equals("online") ? 1000L + id : 0L, status,
        61_000L, 3, 0, -1, 12.5, 50L * 1024 * 1024, "/out.log", "/err.log", spec, 0);
  }

  @Test
  void rowsShowEachInstanceAndMarkTheSelectedOne() {
    List<InstanceView> views = List.of(view(0, "api", "online"), view(1, "worker", "errored"));
    MonitScreen.Frame frame = MonitScreen.render(views, 1, List.of("hello", "err| oops"), 100, 12);
    assertThat(frame.lines().get(0)).startsWith("corral monit");
    assertThat(frame.lines().get(2)).startsWith("  0    api").contains("online").contains("12.5%")
        .contains("50.0mb").contains("1m");
    assertThat(frame.lines().get(frame.selectedLine())).startsWith(MonitScreen.MARK + "1    worker")
        .contains("errored");
    assertThat(frame.lines()).contains("hello", "err| oops");
    assertThat(frame.lines().get(4)).startsWith("── logs of 1|worker");
  }

  @Test
  void theScreenNeverExceedsItsSizeAndShowsTheNewestLogLines() {
    List<String> logs = IntStream.range(0, 100).mapToObj(i -> "line " + i + " " + "x".repeat(200)).toList();
    MonitScreen.Frame frame = MonitScreen.render(List.of(view(0, "api", "online")), 0, logs, 40, 10);
    assertThat(frame.lines()).hasSize(10).allMatch(l -> l.length() <= 40);
    assertThat(frame.lines().get(9)).startsWith("line 99 ");
  }

  @Test
  void manyProcessesScrollToKeepTheSelectedOneVisible() {
    List<InstanceView> views = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      views.add(view(i, "app" + i, "online"));
    }
    MonitScreen.Frame frame = MonitScreen.render(views, 42, List.of(), 100, 20);
    assertThat(frame.lines().get(frame.selectedLine())).contains("app42");
    assertThat(frame.lines()).hasSizeLessThanOrEqualTo(20);
  }

  @Test
  void noProcessesSaysHowToStartOne() {
    assertThat(MonitScreen.render(List.of(), 0, List.of(), 100, 10).lines().get(1)).startsWith("no processes");
  }

  @Test
  void controlCharactersInLogLinesCannotMoveTheCursor() {
    assertThat(MonitScreen.fit("red \u001b[31mtext\u001b[0m\tend", 80)).isEqualTo("red [31mtext[0m end");
  }

  @Test
  void keysAreDecodedFromRawInput() throws Exception {
    assertThat(keys("\u001b[A")).isEqualTo(Key.UP);
    assertThat(keys("\u001bOB")).isEqualTo(Key.DOWN);
    assertThat(keys("k")).isEqualTo(Key.UP);
    assertThat(keys("j")).isEqualTo(Key.DOWN);
    assertThat(keys("q")).isEqualTo(Key.QUIT);
    assertThat(keys("\u0003")).isEqualTo(Key.QUIT);
    assertThat(keys("x")).isEqualTo(Key.NONE);
    assertThat(MonitKeys.next(t -> -2, 10)).isEqualTo(Key.NONE);
    assertThat(MonitKeys.next(t -> -1, 10)).isEqualTo(Key.QUIT);
  }

  private static Key keys(String typed) throws Exception {
    Deque<Integer> chars = new ArrayDeque<>();
    typed.chars().forEach(chars::add);
    return MonitKeys.next(t -> chars.isEmpty() ? -2 : chars.poll(), 10);
  }
}
