package io.fulcrum.kubernetes.desired;

/** Annotation and condition names Fulcrum reads and writes on Services. */
public final class Annotations {
  private Annotations() {}

  /** Comma-separated addresses the Service asks for (one per family). */
  public static final String LOAD_BALANCER_IPS = "fulcrum.io/loadBalancerIPs";

  /** The FulcrumIPPool to take addresses from. */
  public static final String ADDRESS_POOL = "fulcrum.io/address-pool";

  /** Sharing key: Services with the same key and different ports may share an address. */
  public static final String ALLOW_SHARED_IP = "fulcrum.io/allow-shared-ip";

  /** Prefix of the health-check annotations ({@code health.fulcrum.io/type}, ...). */
  public static final String HEALTH_PREFIX = "health.fulcrum.io/";

  /** Condition: the Service has its addresses. */
  public static final String CONDITION_ADDRESS = "fulcrum.io/AddressAssigned";

  /** Condition: the Service's Fulcrum annotations are valid. */
  public static final String CONDITION_ANNOTATIONS = "fulcrum.io/AnnotationsValid";

  /** Label EndpointSlices carry to name their Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
}
