package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * One backend of a service as configured.
 *
 * @param address IP address literal in canonical form
 * @param port 1..65535
 * @param weight 0..65535; 0 takes no new flows
 */
public record BackendDefinition(String address, int port, int weight) {
  public BackendDefinition {
    Objects.requireNonNull(address, "address");
  }

  /** The backend's id inside its service: {@code 198.18.1.2:8080} or {@code [2001:db8::2]:8080}. */
  @JsonIgnore
  public String id() {
    return id(address, port);
  }

  public static String id(String address, int port) {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }
}
