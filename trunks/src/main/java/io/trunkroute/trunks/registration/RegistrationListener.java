package io.trunkroute.trunks.registration;

/** Told about every status change of every trunk (metrics, events). Called on the registration thread. */
@FunctionalInterface
public interface RegistrationListener {
    void onStatus(RegistrationStatus previous, RegistrationStatus current);
}
