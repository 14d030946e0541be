package dev.karton.memorywatcher;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import org.jspecify.annotations.Nullable;

/**
 * The Java heap in use after the last garbage collection that touched old regions: the figure
 * that shows a heap leak and ignores garbage not yet collected in the young generation.
 * <p>
 * Why from GC notifications: G1's old generation pool reports a new collection usage
 * ({@code MemoryPoolMXBean.getCollectionUsage()}) only when old regions are collected, by a mixed
 * or full collection; through hundreds of young collections it keeps an old figure while a leak
 * fills the old generation, and a leak whose objects all stay live gives G1 nothing to collect
 * there, so the first such collection is the full one just before an {@code OutOfMemoryError}.
 * Reading the heap's current usage instead counts the young generation's garbage. So this probe
 * listens to every collector and, after each collection that changed what the old generation
 * holds (promoted objects into it, or freed regions of it) or that was a major one, takes the
 * heap's usage after that collection from the notification itself: survivors plus the old
 * generation, fresh. Old objects that died since the last mixed or full collection still count
 * until one frees them, so the figure rises and falls between marking cycles by up to G1's
 * marking threshold (45% of the heap by default): put limits above it. For collectors without
 * generations (ZGC, Shenandoah) every completed cycle counts, their pauses do not. Until the first
 * such collection since the probe was created the figure reads {@code -1}, "not measured yet";
 * {@link #measuredAt()} says how fresh it is after that.
 * <p>
 * Threads: the JVM's notification thread writes one immutable measurement through a volatile
 * field; readers on any thread read that field, so a read costs a volatile load.
 */
public final class HeapAfterGcProbe implements MemoryProbe, AutoCloseable {

	private final Set<String> heapPools;

	private final Set<String> oldPools;

	private final long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

	private final long limitBytes;

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private final NotificationListener listener = this::handle;

	private volatile @Nullable Measurement last;

	/**
	 * Starts listening to every garbage collector of this JVM.
	 */
	public HeapAfterGcProbe() {
		List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
		this.heapPools = pools.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getName)
			.collect(Collectors.toUnmodifiableSet());
		this.oldPools = this.heapPools.stream().filter(HeapAfterGcProbe::isOldPool).collect(Collectors.toUnmodifiableSet());
		long max = Runtime.getRuntime().maxMemory();
		this.limitBytes = (max == Long.MAX_VALUE) ? -1 : max;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this.listener, null, null);
				this.emitters.add(emitter);
			}
		}
	}

	static boolean isOldPool(String pool) {
		return pool.contains("Old") || pool.contains("Tenured");
	}

	@Override
	public String name() {
		return "heap";
	}

	@Override
	public String description() {
		return "Java heap in use after the last garbage collection that touched old regions";
	}

	@Override
	public long currentBytes() {
		Measurement measurement = this.last;
		return (measurement != null) ? measurement.bytes() : -1;
	}

	@Override
	public long limitBytes() {
		return this.limitBytes;
	}

	@Override
	public String limitDescription() {
		return (this.limitBytes >= 0) ? "maximum heap" : "none";
	}

	@Override
	public @Nullable Instant measuredAt() {
		Measurement measurement = this.last;
		return (measurement != null) ? measurement.at() : null;
	}

	/**
	 * The collection the figure comes from.
	 * @return such as {@code G1 Old Generation (System.gc())}, or {@code null} before the first
	 */
	public @Nullable String measuredBy() {
		Measurement measurement = this.last;
		return (measurement != null) ? measurement.collection() : null;
	}

	private void handle(Notification notification, @Nullable Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())
				|| !(notification.getUserData() instanceof CompositeData data)) {
			return;
		}
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
		GcInfo gc = info.getGcInfo();
		if (touchesOldRegions(info.getGcName(), info.getGcAction(), gc.getMemoryUsageBeforeGc(),
				gc.getMemoryUsageAfterGc(), this.oldPools)) {
			long bytes = usedIn(gc.getMemoryUsageAfterGc(), this.heapPools);
			this.last = new Measurement(bytes, Instant.ofEpochMilli(this.startMillis + gc.getEndTime()),
					info.getGcName() + " (" + info.getGcCause() + ")");
		}
	}

	/**
	 * Whether a collection reports a fresh heap figure: a major collection, one that changed what an
	 * old pool holds (promotion into it, or regions of it freed, as a mixed collection does), or any
	 * completed cycle of a collector without generations.
	 * @param collector the collector's name, such as {@code G1 Young Generation}
	 * @param action the collection's action, such as {@code end of minor GC}
	 * @param before each pool's usage before the collection
	 * @param after each pool's usage after the collection
	 * @param oldPools the names of this JVM's old generation pools, empty without generations
	 * @return whether the collection's heap usage after it can be used as the figure
	 */
	static boolean touchesOldRegions(String collector, String action, Map<String, MemoryUsage> before,
			Map<String, MemoryUsage> after, Set<String> oldPools) {
		if (oldPools.isEmpty()) {
			// ZGC and Shenandoah report their pauses apart from their cycles; only a cycle ends
			// with the whole heap collected.
			return !collector.contains("Pauses");
		}
		if (action.contains("major")) {
			return true;
		}
		return usedIn(after, oldPools) != usedIn(before, oldPools);
	}

	private static long usedIn(Map<String, MemoryUsage> usages, Set<String> pools) {
		long used = 0;
		for (String pool : pools) {
			MemoryUsage usage = usages.get(pool);
			if (usage != null) {
				used += usage.getUsed();
			}
		}
		return used;
	}

	/**
	 * Stops listening to the collectors.
	 */
	@Override
	public void close() {
		for (NotificationEmitter emitter : this.emitters) {
			try {
				emitter.removeNotificationListener(this.listener);
			}
			catch (ListenerNotFoundException ex) {
				// already removed: nothing to undo
			}
		}
		this.emitters.clear();
	}

	private record Measurement(long bytes, Instant at, String collection) {
	}

}
