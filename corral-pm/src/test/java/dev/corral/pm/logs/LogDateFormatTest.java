package dev.corral.pm.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogDateFormatTest {
  private static final Instant T = Instant.parse("2026-03-04T15:06:07.089Z");

  private static String format(String pattern, ZoneId zone) {
    return LogDateFormat.parse("log_date_format", pattern, zone).format(T);
  }

  @Test
  void pm2TimeFormatIsLocalIsoWithoutZone() {
    assertThat(format(LogDateFormat.PM2_TIME, ZoneOffset.UTC)).isEqualTo("2026-03-04T15:06:07");
    assertThat(format(LogDateFormat.PM2_TIME, ZoneOffset.ofHours(-5))).isEqualTo("2026-03-04T10:06:07");
  }

  @Test
  void dayjsTokensAreFormatted() {
    assertThat(format("YYYY-MM-DD HH:mm:ss.SSS Z", ZoneOffset.ofHoursMinutes(5, 30)))
        .isEqualTo("2026-03-04 20:36:07.089 +05:30");
    assertThat(format("YY/M/D h:m:s A ZZ", ZoneOffset.UTC)).isEqualTo("26/3/4 3:6:7 PM +0000");
    assertThat(format("ddd, MMM D YYYY", ZoneOffset.UTC)).isEqualTo("Wed, Mar 4 2026");
    assertThat(format("dddd MMMM", ZoneOffset.UTC)).isEqualTo("Wednesday March");
    assertThat(format("X x", ZoneOffset.UTC)).isEqualTo("1772636767 1772636767089");
  }

  @Test
  void bracketsAndOtherCharactersAreCopied() {
    assertThat(format("[Today is] YYYY | HH", ZoneOffset.UTC)).isEqualTo("Today is 2026 | 15");
  }

  @Test
  void badPatternsNameTheField() {
    assertThatThrownBy(() -> LogDateFormat.validate("--log-date-format", "[YYYY"))
        .hasMessage("--log-date-format: [YYYY (expected: a ']' closing the '[' at 1)");
    assertThatThrownBy(() -> LogDateFormat.validate("log_date_format", " "))
        .hasMessageStartingWith("log_date_format:   (expected: a date format such as YYYY-MM-DD HH:mm:ss");
  }
}
