package dev.karton.memorywatcher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for {@link MemorySourceProcessTests}: real watchers on real probes, fed by tasks that
 * leak heap, leak native memory, or only expand the heap. Runs in a JVM of its own so that its
 * heap settings are fixed and no other test's memory moves its figures. Prints {@code RESULT}
 * lines for the test to read.
 */
public final class MemorySourceScenario {

	private static final int MB = 1024 * 1024;

	private static final List<Object> leak = new ArrayList<>();

	private static volatile Object sink;

	private MemorySourceScenario() {
	}

	public static void main(String[] args) throws Throwable {
		switch (args[0]) {
			case "heap-leak" -> heapLeak();
			case "heap-leak-young-collections-only" -> heapLeakYoungCollectionsOnly();
			case "native-leak" -> nativeLeak();
			case "heap-expansion" -> heapExpansion();
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	/** Retains 1 MB of heap per task, with garbage beside it. */
	private static void heapLeak() {
		try (HeapAfterGcProbe heap = new HeapAfterGcProbe()) {
			collect(heap);
			RecordingHandler restarts = new RecordingHandler();
			MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(32L * MB)), heap,
					WatcherClock.SYSTEM, restarts);
			for (int task = 1; task <= 96 && restarts.reasons.isEmpty(); task++) {
				watcher.run(() -> {
					retainAndChurn(1);
				});
				if (task % 4 == 0) {
					collect(heap);
					watcher.check();
				}
				if (!restarts.reasons.isEmpty()) {
					result("heap-restart-task", task);
					result("heap-restart-rule", restarts.reasons.get(0).rule());
					result("heap-measured-by", heap.measuredBy());
				}
			}
			result("heap-restarts", restarts.reasons.size());
		}
	}

	// Objects of 64 KB: a megabyte array is "humongous" for G1 (over half a region) and would be
	// counted by whole regions, not by its size.
	private static final int CHUNK = 64 * 1024;

	private static final int CHUNKS_PER_MB = MB / CHUNK;

	/** Retains some megabytes and makes 8 MB of garbage. */
	private static void retainAndChurn(int retainedMb) {
		for (int i = 0; i < retainedMb * CHUNKS_PER_MB; i++) {
			leak.add(new byte[CHUNK]);
		}
		for (int i = 0; i < 8 * CHUNKS_PER_MB; i++) {
			sink = new byte[CHUNK];
		}
	}

	/**
	 * Retains 1 MB of heap per task with garbage beside it, and never asks for a collection: only
	 * the young collections the garbage causes measure the heap.
	 */
	private static void heapLeakYoungCollectionsOnly() {
		try (HeapAfterGcProbe heap = new HeapAfterGcProbe()) {
			RecordingHandler restarts = new RecordingHandler();
			MemoryWatcher watcher = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(32L * MB)), heap,
					WatcherClock.SYSTEM, restarts);
			for (int task = 1; task <= 96 && restarts.reasons.isEmpty(); task++) {
				watcher.run(() -> retainAndChurn(1));
				if (!restarts.reasons.isEmpty()) {
					result("heap-restart-task", task);
					result("heap-measured-by", heap.measuredBy());
					result("heap-baseline-mb", watcher.snapshot().baselineBytes() / MB);
				}
			}
			result("heap-restarts", restarts.reasons.size());
		}
	}

	/** Touches 4 MB of native memory per task, through Unsafe and through direct buffers by turns. */
	private static void nativeLeak() throws Throwable {
		MethodHandle[] unsafe = unsafe();
		try (HeapAfterGcProbe heap = new HeapAfterGcProbe(); ProcRssProbe rss = ProcRssProbe.openIfAvailable(false)) {
			collect(heap);
			RecordingHandler heapRestarts = new RecordingHandler();
			RecordingHandler rssRestarts = new RecordingHandler();
			MemoryWatcher heapWatcher = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(32L * MB)), heap,
					WatcherClock.SYSTEM, heapRestarts);
			MemoryWatcher rssWatcher = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(32L * MB)), rss,
					WatcherClock.SYSTEM, rssRestarts);
			long heapBaseline = heap.currentBytes();
			for (int task = 1; task <= 16; task++) {
				boolean direct = task % 2 == 0;
				rssWatcher.run(() -> heapWatcher.run(() -> allocateNative(unsafe, direct)));
				collect(heap);
				heapWatcher.check();
				rssWatcher.check();
				if (rssRestarts.reasons.size() == 1 && !printed) {
					printed = true;
					result("rss-restart-task", task);
					result("rss-restart-rule", rssRestarts.reasons.get(0).rule());
				}
			}
			result("rss-restarts", rssRestarts.reasons.size());
			result("heap-restarts", heapRestarts.reasons.size());
			result("heap-growth-mb", (heap.currentBytes() - heapBaseline) / MB);
		}
	}

	private static boolean printed;

	private static void allocateNative(MethodHandle[] unsafe, boolean direct) {
		try {
			if (direct) {
				// allocateDirect zeroes the buffer, touching every page.
				leak.add(ByteBuffer.allocateDirect(4 * MB));
			}
			else {
				long address = (long) unsafe[0].invokeExact(4L * MB);
				unsafe[1].invokeExact(address, 4L * MB, (byte) 1);
				leak.add(address);
			}
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** sun.misc.Unsafe's allocateMemory and setMemory, bound to the instance. */
	private static MethodHandle[] unsafe() throws Exception {
		Class<?> type = Class.forName("sun.misc.Unsafe");
		Field field = type.getDeclaredField("theUnsafe");
		field.setAccessible(true);
		Object instance = field.get(null);
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		return new MethodHandle[] {
				lookup.findVirtual(type, "allocateMemory", MethodType.methodType(long.class, long.class)).bindTo(instance),
				lookup.findVirtual(type, "setMemory", MethodType.methodType(void.class, long.class, long.class, byte.class))
					.bindTo(instance) };
	}

	/**
	 * Warm-up tasks fill a 160 MB cache, so that the heap expands, then drop it; the steady tasks
	 * after it only make garbage. No memory leaks.
	 */
	private static void heapExpansion() throws Exception {
		try (ProcRssProbe rss = ProcRssProbe.openIfAvailable(false)) {
			RecordingHandler coldRestarts = new RecordingHandler();
			RecordingHandler warmRestarts = new RecordingHandler();
			MemoryWatcher cold = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(96L * MB)), rss,
					WatcherClock.SYSTEM, coldRestarts);
			MemoryWatcher warm = new MemoryWatcher(List.of(RestartRule.extraConsumedBytes(96L * MB)), rss,
					WatcherClock.SYSTEM, warmRestarts, WatcherSettings.DEFAULTS.withBaselineAfter(20, Duration.ZERO));
			List<byte[]> cache = new ArrayList<>();
			result("rss-start-mb", rss.currentBytes() / MB);
			for (int task = 1; task <= 220; task++) {
				int current = task;
				cold.run(() -> warm.run(() -> {
					if (current <= 20) {
						for (int i = 0; i < 8 * CHUNKS_PER_MB; i++) {
							cache.add(new byte[CHUNK]);
						}
					}
					if (current == 20) {
						cache.clear();
					}
					retainAndChurn(0);
				}));
				if (current % 20 == 0) {
					result("rss-after-task-" + current + "-mb", rss.currentBytes() / MB);
				}
				if (coldRestarts.reasons.size() == 1 && !printed) {
					printed = true;
					result("cold-restart-task", task);
				}
			}
			result("rss-end-mb", rss.currentBytes() / MB);
			result("warm-baseline-mb", warm.snapshot().baselineBytes() / MB);
			result("cold-restarts", coldRestarts.reasons.size());
			result("warm-restarts", warmRestarts.reasons.size());
		}
	}

	/** Runs a full collection and waits for the probe to hear of it. */
	private static void collect(HeapAfterGcProbe heap) {
		Instant before = heap.measuredAt();
		System.gc();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (heap.measuredAt() == null || heap.measuredAt().equals(before)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("no collection notification within 10s");
			}
			Thread.onSpinWait();
		}
	}

	private static void result(String key, Object value) {
		System.out.println("RESULT " + key + "=" + value);
	}

}
