package org.activityloader.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap and CPU used while one pass runs. The heap figure is the largest heap occupancy right after
 * a garbage collection: what the pass holds on to (plus garbage the collector left for later),
 * not the garbage it makes between collections, which the sum of the pools' peaks would count.
 * Starts with a full collection so that passes begin equal.
 */
final class ResourceWatch implements AutoCloseable {
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long startCpuNanos;
    private final long heapAtStart;
    private volatile long peakAfterGc;
    private volatile int collections;

    ResourceWatch() {
        System.gc();
        heapAtStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakAfterGc = heapAtStart;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        startCpuNanos = os.getProcessCpuTime();
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                MemoryUsage u = e.getValue();
                used += u.getUsed();
            }
        }
        synchronized (this) {
            peakAfterGc = Math.max(peakAfterGc, used);
            collections++;
        }
    }

    /** Heap in use after the full collection at the start (the broker's and the producer's too). */
    long heapAtStart() {
        return heapAtStart;
    }

    /** Largest heap occupancy after any collection since the start. */
    long peakHeapAfterGc() {
        return peakAfterGc;
    }

    int collections() {
        return collections;
    }

    /** CPU time of the whole process (every thread, the broker's too) since the start. */
    long cpuNanos() {
        return os.getProcessCpuTime() - startCpuNanos;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added: nothing to remove
            }
        }
    }
}
