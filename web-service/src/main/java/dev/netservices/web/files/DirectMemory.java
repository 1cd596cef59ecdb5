package dev.netservices.web.files;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/** How much direct (off-heap) buffer memory this JVM may use: {@code -XX:MaxDirectMemorySize}, else the heap's maximum. */
final class DirectMemory {

    private DirectMemory() {
    }

    static long limit() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) {
                return configured;
            }
        } catch (RuntimeException e) {
            // not a HotSpot JVM: the JDK's own default below
        }
        return Runtime.getRuntime().maxMemory();
    }
}
