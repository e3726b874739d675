package dev.corral.gate.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.config.AccessLog;
import dev.corral.gate.config.Template;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx's {@code access_log ... buffer=SIZE flush=TIME} rules, on a fake clock and real files. */
class AccessLogWriterTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  private AccessLogWriter writer;
  private Path file;

  @BeforeEach
  void setUp() {
    writer = new AccessLogWriter(ErrorLog.toStream(new PrintStream(errors, true, StandardCharsets.UTF_8), "info"),
        now::get);
    file = dir.resolve("access.log");
  }

  private void configure(int buffer, Optional<Duration> flush) {
    writer.configure(Map.of(file, new AccessLog(Optional.of(file), "combined", Template.literal(""), buffer, flush)));
  }

  private String contents() throws Exception {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void bufferedLinesWaitUntilFlushTimeHasPassed() throws Exception {
    configure(1024, Optional.of(Duration.ofSeconds(5)));
    writer.write(file, "one");
    advance(Duration.ofSeconds(4));
    writer.flush();
    assertThat(contents()).isEmpty();
    advance(Duration.ofSeconds(1));
    writer.flush();
    assertThat(contents()).isEqualTo("one\n");
  }

  @Test
  void aWriteAfterTheFlushTimeWritesTheBufferAtOnce() throws Exception {
    configure(1024, Optional.of(Duration.ofSeconds(5)));
    writer.write(file, "one");
    advance(Duration.ofSeconds(6));
    writer.write(file, "two");
    assertThat(contents()).isEqualTo("one\ntwo\n");
  }

  @Test
  void withoutFlushTheBufferIsWrittenOnlyWhenFull() throws Exception {
    configure(10, Optional.empty());
    writer.write(file, "abcd");
    advance(Duration.ofHours(1));
    writer.flush();
    assertThat(contents()).isEmpty();
    writer.write(file, "efgh");
    writer.write(file, "ijkl");
    assertThat(contents()).isEqualTo("abcd\nefgh\n");
  }

  @Test
  void aLineLongerThanTheBufferIsWrittenDirectly() throws Exception {
    configure(8, Optional.empty());
    writer.write(file, "a".repeat(20));
    assertThat(contents()).isEqualTo("a".repeat(20) + "\n");
  }

  @Test
  void reopenWritesTheBufferToTheRotatedFileAndCreatesTheFileAgain() throws Exception {
    configure(1024, Optional.empty());
    writer.write(file, "before");
    Path rotated = dir.resolve("access.log.1");
    Files.move(file, rotated); // logrotate renames, then signals

    writer.reopen();

    assertThat(Files.readString(rotated)).isEqualTo("before\n");
    assertThat(file).exists().isEmptyFile();
    writer.write(file, "after");
    writer.close();
    assertThat(contents()).isEqualTo("after\n");
  }

  @Test
  void withoutBufferEachLineIsWrittenAtOnce() throws Exception {
    configure(AccessLog.UNBUFFERED, Optional.empty());
    writer.write(file, "one");
    assertThat(contents()).isEqualTo("one\n");
    writer.write(file, "two");
    assertThat(contents()).isEqualTo("one\ntwo\n");
  }

  @Test
  void aFileNamedByNoConfigurationIsWrittenAtOnceToo() throws Exception {
    writer.write(file, "one");
    assertThat(contents()).isEqualTo("one\n");
  }

  @Test
  void configuredFilesAreCreatedBeforeTheFirstLine() {
    configure(AccessLog.UNBUFFERED, Optional.empty());
    assertThat(file).exists().isEmptyFile();
  }

  @Test
  void aFileThatCannotBeCreatedIsReportedAsNginxDoes() throws Exception {
    file = dir.resolve("missing-dir-is-a-file/access.log");
    Files.writeString(dir.resolve("missing-dir-is-a-file"), "");
    configure(AccessLog.UNBUFFERED, Optional.empty());
    assertThat(errors.toString()).contains("open() \"" + file + "\" failed (");
  }

  @Test
  void changedBufferingOnReconfigureWritesTheOldBufferOut() throws Exception {
    configure(1024, Optional.empty());
    writer.write(file, "one");
    configure(2048, Optional.of(Duration.ofSeconds(TimeUnit.MINUTES.toSeconds(1))));
    assertThat(contents()).isEqualTo("one\n");
  }
}
