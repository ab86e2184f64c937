package io.fulcrum.api.port;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * One change of the API-owned runtime state. Changes are plain data (JSON-serialisable with an
 * {@code op} field) so that a replicated log (the Raft group) can carry them and every node applies
 * the same sequence with {@link RuntimeState#apply(RuntimeChange)}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RuntimeChange.CreateService.class, name = "create-service"),
  @JsonSubTypes.Type(value = RuntimeChange.ReplaceService.class, name = "replace-service"),
  @JsonSubTypes.Type(value = RuntimeChange.DeleteService.class, name = "delete-service"),
  @JsonSubTypes.Type(value = RuntimeChange.SetBackendAdmin.class, name = "set-backend-admin"),
  @JsonSubTypes.Type(value = RuntimeChange.PutHealthCheck.class, name = "put-health-check"),
  @JsonSubTypes.Type(value = RuntimeChange.PatchHealthCheck.class, name = "patch-health-check")
})
public sealed interface RuntimeChange {

  /** Adds an API-owned service; refused when one of that name exists. */
  record CreateService(ServiceDefinition service) implements RuntimeChange {
    public CreateService {
      Objects.requireNonNull(service, "service");
    }
  }

  /** Replaces an API-owned service; refused when none of that name exists. */
  record ReplaceService(ServiceDefinition service) implements RuntimeChange {
    public ReplaceService {
      Objects.requireNonNull(service, "service");
    }
  }

  /** Deletes an API-owned service with its backend states and health-check settings. */
  record DeleteService(String name) implements RuntimeChange {
    public DeleteService {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Sets one backend's admin state; {@link AdminState#ENABLED} removes the entry. */
  record SetBackendAdmin(String service, String backendId, AdminState state)
      implements RuntimeChange {
    public SetBackendAdmin {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(backendId, "backendId");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Replaces a service's health-check settings; refused when they are invalid, or when {@code
   * ifMatch} (null for none) does not match the current settings' entity tag.
   */
  record PutHealthCheck(String service, HealthCheckSettings settings, String ifMatch)
      implements RuntimeChange {
    public PutHealthCheck {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(settings, "settings");
    }

    public PutHealthCheck(String service, HealthCheckSettings settings) {
      this(service, settings, null);
    }
  }

  /**
   * Patches a service's health-check settings; refused when the result is invalid, or when {@code
   * ifMatch} (null for none) does not match the current settings' entity tag.
   */
  record PatchHealthCheck(String service, HealthCheckPatch patch, String ifMatch)
      implements RuntimeChange {
    public PatchHealthCheck {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(patch, "patch");
    }

    public PatchHealthCheck(String service, HealthCheckPatch patch) {
      this(service, patch, null);
    }
  }
}
