package dev.ownkms.domain.cloudhsm;

/** A CloudHSM cluster's state, as the CloudHSM API names them; only ACTIVE serves key stores. */
public enum ClusterState {
  CREATE_IN_PROGRESS, UNINITIALIZED, INITIALIZE_IN_PROGRESS, INITIALIZED, ACTIVE,
  UPDATE_IN_PROGRESS, DELETE_IN_PROGRESS, DELETED, DEGRADED
}
