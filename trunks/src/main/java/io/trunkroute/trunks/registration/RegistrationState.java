package io.trunkroute.trunks.registration;

/** Where a trunk's registration stands, as the status API and metrics report it. */
public enum RegistrationState {
    /** Scheduled: the first REGISTER waits for its slot in the start-up spread. */
    PENDING,
    /** A REGISTER is out and the trunk is not (yet) registered. */
    REGISTERING,
    /** The carrier accepted the binding; refreshes happen before it expires. */
    REGISTERED,
    /** The last attempt failed; the next one waits for the backoff. */
    FAILED,
    /** A de-registration (Expires: 0) is out. */
    UNREGISTERING,
    /** Deregistered on shutdown or delete. */
    UNREGISTERED,
    /** The trunk is disabled; nothing is registered. */
    DISABLED,
    /** The trunk does not register (IP authentication or register: false). */
    NOT_REQUIRED,
    /** Another cluster node owns the trunk and keeps it registered. */
    OTHER_NODE;

    /** Numeric value for the registration-state gauge: 1 registered, 0 otherwise. */
    public int gaugeValue() {
        return this == REGISTERED ? 1 : 0;
    }
}
