package org.activityloader.write;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the garbage collector found alive after its last full collection, as a signal to the
 * {@link WriteBudget}: {@code HIGH} when the live heap is over three quarters of the maximum (the
 * estimate of what the files hold is too low: narrow it), {@code LOW} under half (room again).
 * Read once per signal: between full collections there is nothing new to say. Listens while open.
 */
public final class HeapPressure implements AutoCloseable {
    public enum Level { NONE, LOW, HIGH }

    private final AtomicReference<Level> last = new AtomicReference<>(Level.NONE);
    private final List<Runnable> removals = new ArrayList<>();

    private HeapPressure() {
    }

    /** A signal that never comes (a fixed budget). */
    public static HeapPressure none() {
        return new HeapPressure();
    }

    /** Listens to this JVM's collectors until closed. */
    public static HeapPressure watch() {
        HeapPressure p = new HeapPressure();
        long max = Runtime.getRuntime().maxMemory();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = (notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    if (!info.getGcAction().contains("major")) {
                        return; // after a young collection the old generation still holds its garbage: not what is alive
                    }
                    long live = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                    p.last.set(live > max * 3 / 4 ? Level.HIGH : live < max / 2 ? Level.LOW : Level.NONE);
                };
                emitter.addNotificationListener(listener, null, null);
                p.removals.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException gone) {
                        // removed already
                    }
                });
            }
        }
        return p;
    }

    /** The level seen since the last call, once. */
    Level poll() {
        return last.getAndSet(Level.NONE);
    }

    @Override
    public void close() {
        removals.forEach(Runnable::run);
        removals.clear();
    }
}
