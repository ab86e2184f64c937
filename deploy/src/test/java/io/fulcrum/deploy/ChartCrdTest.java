package io.fulcrum.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartCrdTest {

  @Test
  void crdEqualsTheOneGeneratedFromTheJavaType() throws IOException {
    Map<String, Object> generated;
    try (InputStream in =
        ChartCrdTest.class.getResourceAsStream(
            "/META-INF/fabric8/fulcrumippools.fulcrum.io-v1.yml")) {
      assertThat(in)
          .as("generated CRD on the test class path (fulcrum-kubernetes jar)")
          .isNotNull();
      generated =
          Chart.parseAll(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
              .get(0);
    }
    Map<String, Object> rendered = Chart.one(Chart.render(null), "CustomResourceDefinition");
    assertThat(rendered).isEqualTo(generated);
  }

  @Test
  void crdCanBeLeftOut() {
    assertThat(
            Chart.ofKind(
                Chart.parseAll(
                    Chart.helm()
                        .template()
                        .withName(Chart.RELEASE)
                        .set("crds.install", false)
                        .call()),
                "CustomResourceDefinition"))
        .isEmpty();
  }
}
