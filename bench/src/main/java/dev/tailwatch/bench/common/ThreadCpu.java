package dev.tailwatch.bench.common;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an arm's CPU went: per-thread CPU time grouped by thread name (numbers stripped), the JVM's
 * total process CPU, and GC pause time. A ratio of step times says how much monitoring costs; this says
 * which thread pays it.
 */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> cpuByThread = new HashMap<>();
    private final Map<Long, String> groupByThread = new HashMap<>();
    private final long processCpu;
    private final long gcMillis;

    private ThreadCpu() {
        for (long id : THREADS.getAllThreadIds()) {
            var info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu >= 0) {
                cpuByThread.put(id, cpu);
                groupByThread.put(id, group(info.getThreadName()));
            }
        }
        readJvmInternalThreads();
        processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long gc = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, bean.getCollectionTime());
        }
        gcMillis = gc;
    }

    /**
     * The JVM's own threads (JIT compilers, GC workers, VM thread) are not Java threads, so ThreadMXBean
     * misses them; on Linux /proc lists them by their native names. Keyed by negative tid so they cannot
     * clash with Java thread ids.
     */
    private void readJvmInternalThreads() {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return;
        }
        long ticksPerSecond = 100; // USER_HZ, 100 on every mainstream Linux configuration
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                if (!comm.matches("C[12] CompilerThre.*|G1 .*|GC Thread.*|VM .*|Sweeper.*")) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                // fields[11], fields[12] are utime and stime (fields 14 and 15 of proc(5), counted from state)
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                long id = -Long.parseLong(task.getName());
                cpuByThread.put(id, ticks * 1_000_000_000L / ticksPerSecond);
                groupByThread.put(id, "jvm: " + comm.replaceAll("[0-9]+", "#"));
            } catch (java.io.IOException | RuntimeException e) {
                // a thread that ended while being read: nothing to count
            }
        }
    }

    public static ThreadCpu now() {
        return new ThreadCpu();
    }

    /** Thread names without their counters and listener suffixes, so a pool's threads add up. */
    static String group(String name) {
        String base = name.split(" \\| ")[0];
        int listener = base.indexOf("-ListenerName");
        if (listener > 0) {
            base = base.substring(0, listener);
        }
        return base.replaceAll("[0-9]+", "#");
    }

    /** CPU seconds per thread group between {@code before} and this snapshot, plus "(other: process total − threads)" and "(gc pauses)". */
    public Map<String, Double> since(ThreadCpu before) {
        Map<String, Double> seconds = new TreeMap<>();
        double threadsTotal = 0;
        for (Map.Entry<Long, Long> e : cpuByThread.entrySet()) {
            long delta = e.getValue() - before.cpuByThread.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                seconds.merge(groupByThread.get(e.getKey()), delta / 1e9, Double::sum);
                threadsTotal += delta / 1e9;
            }
        }
        seconds.put("(process total)", (processCpu - before.processCpu) / 1e9);
        seconds.put("(not in Java threads: GC, JIT, native)", (processCpu - before.processCpu) / 1e9 - threadsTotal);
        seconds.put("(gc pauses, wall)", (gcMillis - before.gcMillis) / 1e3);
        return seconds;
    }
}
