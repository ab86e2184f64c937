package io.fulcrum.kubernetes.pool;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-scoped pool of addresses Fulcrum may give to LoadBalancer Services. The CRD ({@code
 * fulcrumippools.fulcrum.io}) is generated from this type at build time.
 *
 * <p>It deliberately does not implement {@link Namespaced}: pools are cluster-scoped.
 */
@Group(FulcrumIPPool.GROUP)
@Version(FulcrumIPPool.VERSION)
@Kind("FulcrumIPPool")
@Plural("fulcrumippools")
@Singular("fulcrumippool")
@ShortNames("fipp")
public class FulcrumIPPool extends CustomResource<FulcrumIPPoolSpec, Void> {
  private static final long serialVersionUID = 1L;

  public static final String GROUP = "fulcrum.io";
  public static final String VERSION = "v1alpha1";
}
