package dev.corral.gate.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
  private static final DateTimeFormatter REFERENCE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  @Test
  void writesTheImfFixdateForm() {
    assertThat(HttpDates.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(HttpDates.format(1)).isEqualTo("Thu, 01 Jan 1970 00:00:01 GMT");
    assertThat(HttpDates.format(951_782_400L)).isEqualTo("Tue, 29 Feb 2000 00:00:00 GMT");
    assertThat(HttpDates.format(1_796_310_245L)).isEqualTo("Thu, 03 Dec 2026 15:04:05 GMT");
  }

  @Property
  void agreesWithJavaTimeForEverySecondFrom1970To9999(
      @ForAll @LongRange(min = 0, max = 253_402_300_799L) long seconds) {
    assertThat(HttpDates.format(seconds)).isEqualTo(REFERENCE.format(Instant.ofEpochSecond(seconds)));
  }

  @Test
  void readsBackWhatItWrites() {
    assertThat(HttpDates.parse(HttpDates.format(1_796_310_245L))).hasValue(1_796_310_245L);
  }
}
