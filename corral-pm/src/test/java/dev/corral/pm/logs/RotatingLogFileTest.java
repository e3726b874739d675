package dev.corral.pm.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFileTest {
  @TempDir Path dir;

  private static List<String> allLines(Path live, int keep) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int n = keep; n >= 1; n--) {
      Path p = RotatingLogFile.rotated(live, n);
      if (Files.exists(p)) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    lines.addAll(Files.readAllLines(live));
    return lines;
  }

  @Test
  void rotationKeepsEveryLineWholeAndInOrder() throws Exception {
    Path live = dir.resolve("app-out.log");
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      input.append("line ").append(i).append(" ").append("x".repeat(i % 50)).append('\n');
    }
    try (RotatingLogFile file = new RotatingLogFile(live, 4096, 1000)) {
      new LinePump(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), file,
          Clock.systemUTC(), Optional.empty(), () -> {}).run();
    }
    assertThat(allLines(live, 1000)).isEqualTo(input.toString().lines().toList());
    assertThat(Files.size(RotatingLogFile.rotated(live, 1))).isLessThanOrEqualTo(4096);
  }

  @Test
  void onlyKeepRotatedFilesRemain() throws Exception {
    Path live = dir.resolve("app-out.log");
    try (RotatingLogFile file = new RotatingLogFile(live, 1024, 3)) {
      byte[] line = ("y".repeat(99) + "\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 200; i++) {
        file.write(line, 0, line.length);
      }
    }
    assertThat(Files.exists(RotatingLogFile.rotated(live, 3))).isTrue();
    assertThat(Files.exists(RotatingLogFile.rotated(live, 4))).isFalse();
  }

  @Test
  void partialLastLineIsWrittenWithANewlineAtEndOfStream() throws Exception {
    Path live = dir.resolve("a.log");
    try (RotatingLogFile file = new RotatingLogFile(live, 1 << 20, 2)) {
      new LinePump(new ByteArrayInputStream("one\ntwo".getBytes(StandardCharsets.UTF_8)), file, Clock.systemUTC(),
          Optional.empty(), () -> {}).run();
    }
    assertThat(Files.readString(live)).isEqualTo("one\ntwo\n");
  }

  @Test
  void timestampsPrefixEachLine() throws Exception {
    Path live = dir.resolve("a.log");
    Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
    try (RotatingLogFile file = new RotatingLogFile(live, 1 << 20, 2)) {
      new LinePump(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), file, fixed,
          Optional.of(LogDateFormat.parse("log_date_format", "YYYY-MM-DD HH:mm:ss.SSS Z", ZoneOffset.ofHours(2))),
          () -> {}).run();
    }
    assertThat(Files.readAllLines(live))
        .containsExactly("2026-01-02 05:04:05.678 +02:00: a", "2026-01-02 05:04:05.678 +02:00: b");
  }

  @Test
  void followerReadsAcrossARotationWithoutLossOrRepeat() throws Exception {
    Path live = dir.resolve("f.log");
    List<String> seen = new ArrayList<>();
    try (RotatingLogFile file = new RotatingLogFile(live, 300, 50);
        LogFollower follower = new LogFollower(live, false)) {
      for (int i = 0; i < 100; i++) {
        byte[] line = String.format("line %03d ------------------\n", i).getBytes(StandardCharsets.US_ASCII);
        file.write(line, 0, line.length);
        file.flush();
        if (i % 7 == 0) {
          follower.poll(seen::add);
        }
      }
      follower.poll(seen::add);
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(String.format("line %03d ------------------", i));
    }
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void tailReadsBackIntoRotatedFiles() throws Exception {
    Path live = dir.resolve("t.log");
    try (RotatingLogFile file = new RotatingLogFile(live, 100, 10)) {
      for (int i = 0; i < 30; i++) {
        byte[] line = String.format("l%02d-----\n", i).getBytes(StandardCharsets.US_ASCII);
        file.write(line, 0, line.length);
      }
    }
    assertThat(LogTail.last(live, 25)).hasSize(25).startsWith("l05-----").endsWith("l29-----");
  }
}
