package org.activityloader.decode;

/** The schema registry did not answer as a registry does: the run fails instead of dead-lettering what it cannot resolve. */
public final class RegistryUnavailableException extends RuntimeException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
