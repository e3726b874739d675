package dev.corral.gate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DateHeaderTest {
  private final AtomicLong millis = new AtomicLong(784_111_777_000L); // RFC 9110's example instant
  private final DateHeader date = new DateHeader(millis::get);

  @Test
  void formatsAsImfFixdate() {
    assertThat(date.now()).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void sameSecondSharesOneString() {
    String first = date.now();
    millis.addAndGet(999);

    assertThat(date.now()).isSameAs(first);
  }

  @Test
  void nextSecondIsFormattedAgain() {
    date.now();
    millis.addAndGet(1000);

    assertThat(date.now()).isEqualTo("Sun, 06 Nov 1994 08:49:38 GMT");
  }
}
