package dev.corral.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.Ticker;
import dev.corral.spring.CorralConfigException;
import dev.corral.spring.autoconfigure.CorralProperties;
import dev.corral.spring.autoconfigure.CorralProperties.HttpLimit;
import dev.corral.spring.limit.CorralLimiters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** corral.http.limits checked when the filter is built, and the request keys. */
class HttpLimitRuleTest {

  private final CorralLimiters limiters = CorralLimiters.from(Map.of(
      "single", new CorralProperties.Limit("rate=1r/s", false, null, null, null, null),
      "keyed", new CorralProperties.Limit("rate=1r/s", true, null, null, null, null)), Ticker.system());

  private static CorralProperties.Http http(HttpLimit... rules) {
    return new CorralProperties.Http(false, List.of(rules));
  }

  @Test
  void unknownLimiterIsNamedWithItsIndex() {
    assertThatThrownBy(() -> HttpLimitRule.from(http(new HttpLimit("/a/**", "single", null),
        new HttpLimit("/b/**", "nope", null)), limiters))
        .isInstanceOf(CorralConfigException.class)
        .hasMessageStartingWith("corral.http.limits[1].limit: \"nope\": no limiter corral.limit.nope (declared: ");
  }

  @Test
  void unknownKeyKindIsRefused() {
    assertThatThrownBy(() -> HttpLimitRule.from(http(new HttpLimit("/a/**", "keyed", "cookie:id")), limiters))
        .hasMessage("corral.http.limits[0].key: \"cookie:id\": expected client-address, header:NAME or principal");
  }

  @Test
  void keyOnASingleLimiterIsRefused() {
    assertThatThrownBy(() -> HttpLimitRule.from(http(new HttpLimit("/a/**", "single", "principal")), limiters))
        .hasMessageStartingWith("corral.http.limits[0].key: \"principal\": corral.limit.single is not keyed");
  }

  @Test
  void badPatternIsRefused() {
    assertThatThrownBy(() -> HttpLimitRule.from(http(new HttpLimit("/a/**/b", "single", null)), limiters))
        .hasMessageStartingWith("corral.http.limits[0].pattern: \"/a/**/b\": not a path pattern");
  }

  @Test
  void forwardedForIsIgnoredUnlessTrusted() {
    assertThat(RequestKey.parse("k", "client-address", false).of("127.0.0.9", "198.51.100.7", null))
        .isEqualTo("a:127.0.0.9");
    assertThat(RequestKey.parse("k", "client-address", true).of("127.0.0.9", "203.0.113.1, 198.51.100.7", null))
        .isEqualTo("a:198.51.100.7");
  }

  @Test
  void missingHeaderOrPrincipalFallsBackToTheAddress() {
    assertThat(RequestKey.parse("k", "header:X-Api-Key", false).of("127.0.0.9", null, null)).isEqualTo("a:127.0.0.9");
    assertThat(RequestKey.parse("k", "principal", false).of("127.0.0.9", null, null)).isEqualTo("a:127.0.0.9");
    assertThat(RequestKey.parse("k", "header:X-Api-Key", false).of("127.0.0.9", null, "127.0.0.9"))
        .isEqualTo("h:127.0.0.9");
    assertThat(RequestKey.parse("k", "principal", false).of("127.0.0.9", null, "alice")).isEqualTo("p:alice");
  }
}
