package io.fulcrum.api.port;

import java.util.List;

/** Port: the backends of a service, what the node sees of them, and their admin state. */
public interface BackendControl {
  /**
   * The backends of a service in definition order.
   *
   * @throws PortException NOT_FOUND when the service does not exist
   */
  List<BackendStatus> backends(String service);

  /**
   * Sets one backend's admin state (works for services of every source: it is an operational state,
   * not part of the definition). Takes effect for new flows at once; draining keeps the established
   * flows.
   *
   * @param backend the backend's id ({@code address:port}) or its bare address when that is unique
   *     in the service
   * @throws PortException NOT_FOUND when the service or the backend does not exist
   */
  BackendStatus setAdminState(String service, String backend, AdminState state);
}
