package org.activityloader.commit;

/** The warehouse belongs to another catalog: the command is refused before it touches anything. */
public final class WarehouseClaimedException extends RuntimeException {
    public WarehouseClaimedException(String message) {
        super(message);
    }
}
