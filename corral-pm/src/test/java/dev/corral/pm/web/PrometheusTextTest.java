package dev.corral.pm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict exposition parser refuses what Prometheus would refuse, so a test that parses proves something. */
class PrometheusTextTest {
  @Test
  void readsFamiliesLabelsWithEscapesAndSpecialValues() {
    Map<String, PrometheusText.Family> m = PrometheusText.parse("""
        # HELP up Whether it is up
        # TYPE up gauge
        up{job="a\\"b\\\\c\\nd",x="1"} 1.0
        up{job="z"} NaN 1712345678000
        # TYPE h histogram
        h_bucket{le="0.1"} 1.0
        h_bucket{le="+Inf"} 2.0
        h_count 2.0
        h_sum 0.3
        """, false);
    assertThat(m.get("up").help()).isEqualTo("Whether it is up");
    assertThat(m.get("up").samples().get(0).labels()).containsEntry("job", "a\"b\\c\nd").containsEntry("x", "1");
    assertThat(m.get("up").samples().get(1).value()).isNaN();
    assertThat(m.get("h").samples()).hasSize(4);
  }

  @Test
  void refusesWhatPrometheusRefuses() {
    assertThatThrownBy(() -> PrometheusText.parse("1up 1\n", false)).hasMessageContaining("metric name");
    assertThatThrownBy(() -> PrometheusText.parse("up{job=\"a} 1\n", false)).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> PrometheusText.parse("up{job=\"\\x\"} 1\n", false)).hasMessageContaining("bad escape");
    assertThatThrownBy(() -> PrometheusText.parse("up one\n", false)).hasMessageContaining("not a number");
    assertThatThrownBy(() -> PrometheusText.parse("up 1\n# TYPE up gauge\n", false))
        .hasMessageContaining("after its samples");
    assertThatThrownBy(() -> PrometheusText.parse("a 1\nb 1\na 2\n", false)).hasMessageContaining("apart from");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n",
        false)).hasMessageContaining("not cumulative");
    assertThatThrownBy(() -> PrometheusText.parse("up 1", false)).hasMessageContaining("newline");
    assertThatThrownBy(() -> PrometheusText.parse("up 1\n", true)).hasMessageContaining("# EOF");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE c counter\nc 1\n# EOF\n", true))
        .hasMessageContaining("expected: c_total");
  }

  @Test
  void aQuantileIsInterpolatedInsideItsBucketAsHistogramQuantileDoes() {
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>(Map.of(0.01, 50.0, 0.1, 90.0, 1.0, 100.0,
        Double.POSITIVE_INFINITY, 100.0));
    assertThat(GateFigures.quantileMs(buckets, 0.5)).isEqualTo(10.0);
    assertThat(GateFigures.quantileMs(buckets, 0.7)).isCloseTo(55.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(GateFigures.quantileMs(buckets, 0.99)).isCloseTo(910.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(GateFigures.quantileMs(new java.util.TreeMap<>(), 0.5)).isNull();
  }
}
