package io.fulcrum.kubernetes.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** The desired content of a {@link FulcrumIPPool}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FulcrumIPPoolSpec {
  @Required
  @JsonPropertyDescription(
      "Addresses of the pool: CIDRs (198.18.0.0/24, 2001:db8::/120) or inclusive ranges"
          + " (198.18.0.10-198.18.0.20), IPv4 and IPv6 mixed.")
  private List<String> addresses = new ArrayList<>();

  @Default("true")
  @JsonPropertyDescription(
      "Whether Services that name no address or pool get addresses from this pool.")
  private Boolean autoAssign = Boolean.TRUE;

  @Default("false")
  @JsonPropertyDescription("Never hand out IPv4 addresses ending in .0 or .255.")
  private Boolean avoidBuggyIPs = Boolean.FALSE;

  @JsonPropertyDescription("Only Services whose labels match may take addresses from this pool.")
  private LabelSelector serviceSelector;

  @JsonPropertyDescription(
      "Only Services in namespaces whose labels match may take addresses from this pool.")
  private LabelSelector namespaceSelector;

  public List<String> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<String> addresses) {
    this.addresses = addresses;
  }

  public Boolean getAutoAssign() {
    return autoAssign;
  }

  public void setAutoAssign(Boolean autoAssign) {
    this.autoAssign = autoAssign;
  }

  public Boolean getAvoidBuggyIPs() {
    return avoidBuggyIPs;
  }

  public void setAvoidBuggyIPs(Boolean avoidBuggyIPs) {
    this.avoidBuggyIPs = avoidBuggyIPs;
  }

  public LabelSelector getServiceSelector() {
    return serviceSelector;
  }

  public void setServiceSelector(LabelSelector serviceSelector) {
    this.serviceSelector = serviceSelector;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }
}
