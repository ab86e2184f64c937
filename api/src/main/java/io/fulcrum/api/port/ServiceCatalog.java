package io.fulcrum.api.port;

import java.util.List;
import java.util.Optional;

/**
 * Port: the services this node knows, from every source. Only services whose source is {@link
 * Source#API} may be created, replaced or deleted here; the others are read-only and a change is
 * refused with {@link PortException.Kind#READ_ONLY}.
 */
public interface ServiceCatalog {
  /** All services, sorted by name. */
  List<ServiceEntry> list();

  Optional<ServiceEntry> get(String name);

  /**
   * Adds an API-owned service.
   *
   * @throws PortException ALREADY_EXISTS when the name is taken (by any source)
   */
  ServiceEntry create(ServiceDefinition definition);

  /**
   * Replaces an API-owned service.
   *
   * @throws PortException NOT_FOUND or READ_ONLY
   */
  ServiceEntry replace(ServiceDefinition definition);

  /**
   * Deletes an API-owned service, with its health-check settings and backend states.
   *
   * @throws PortException NOT_FOUND or READ_ONLY
   */
  void delete(String name);
}
