package org.activityloader.admin;

/** An offset reset refused before it changed anything: the topic it names was not recreated. */
public final class ResetRefusedException extends RuntimeException {
    public ResetRefusedException(String message) {
        super(message);
    }
}
