package io.sluice.storage.acceptance;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM's memory: the largest heap left in use after any garbage collection (the live
 * set, which must stay bounded), the largest direct-buffer use seen by {@link #sample()}, and the
 * peak resident set size from {@code /proc/self/status}. Thread-safe.
 */
final class MemoryWatch {
  private final AtomicLong peakHeapAfterGc = new AtomicLong();
  private final AtomicLong peakDirect = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final Set<String> heapPools = new HashSet<>();

  MemoryWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, handback) -> {
              if (n.getType()
                  .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                  if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                  }
                }
                peakHeapAfterGc.accumulateAndGet(used, Math::max);
                collections.incrementAndGet();
              }
            },
            null,
            null);
      }
    }
  }

  /** Samples direct-buffer use (call it now and then). */
  void sample() {
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (b.getName().equals("direct")) {
        peakDirect.accumulateAndGet(b.getMemoryUsed(), Math::max);
      }
    }
  }

  long peakHeapAfterGc() {
    return peakHeapAfterGc.get();
  }

  long peakDirect() {
    return peakDirect.get();
  }

  long collections() {
    return collections.get();
  }

  static MemoryUsage heapNow() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }

  /** Peak resident set size in KiB, or -1 where {@code /proc} is missing. */
  static long rssPeakKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
