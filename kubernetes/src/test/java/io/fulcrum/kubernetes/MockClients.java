package io.fulcrum.kubernetes;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Clients of the mock API server with timeouts that survive a heavily loaded test machine. */
public final class MockClients {
  private MockClients() {}

  public static KubernetesClient patient(KubernetesClient mockClient) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(mockClient.getConfiguration())
                .withConnectionTimeout(60_000)
                .withRequestTimeout(60_000)
                .build())
        .build();
  }
}
