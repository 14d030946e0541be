package dev.karton.memorywatcher;

import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HeapAfterGcProbeTests {

	private static final Set<String> G1_OLD = Set.of("G1 Old Gen");

	private static Map<String, MemoryUsage> g1(long edenMb, long oldMb) {
		return Map.of("G1 Eden Space", usage(edenMb), "G1 Survivor Space", usage(2), "G1 Old Gen", usage(oldMb),
				"Metaspace", usage(40));
	}

	private static MemoryUsage usage(long mb) {
		return new MemoryUsage(0, mb * MB, 1024 * MB, 1024 * MB);
	}

	@Test
	void aYoungCollectionThatPromotesIntoOldRegionsMeasuresTheHeap() {
		// Shaped like this machine's G1 log during a leak: "G1 Young Generation | end of minor GC |
		// old 248->260"; the old pool's collection usage would not move until a full collection.
		assertThat(HeapAfterGcProbe.touchesOldRegions("G1 Young Generation", "end of minor GC", g1(100, 248),
				g1(0, 260), G1_OLD))
			.isTrue();
	}

	@Test
	void aYoungCollectionThatLeavesOldRegionsAloneDoesNotMeasureTheHeap() {
		assertThat(HeapAfterGcProbe.touchesOldRegions("G1 Young Generation", "end of minor GC", g1(100, 28),
				g1(0, 28), G1_OLD))
			.isFalse();
	}

	@Test
	void aMixedCollectionThatFreesOldRegionsMeasuresTheHeap() {
		// "G1 Young Generation | end of minor GC | old 28->19": a mixed collection.
		assertThat(HeapAfterGcProbe.touchesOldRegions("G1 Young Generation", "end of minor GC", g1(100, 28),
				g1(0, 19), G1_OLD))
			.isTrue();
	}

	@Test
	void aFullCollectionMeasuresTheHeapEvenWhenTheOldGenerationGrew() {
		assertThat(HeapAfterGcProbe.touchesOldRegions("G1 Old Generation", "end of major GC", g1(100, 19),
				g1(0, 40), G1_OLD))
			.isTrue();
		assertThat(HeapAfterGcProbe.touchesOldRegions("PS MarkSweep", "end of major GC", Map.of(), Map.of(),
				Set.of("PS Old Gen")))
			.isTrue();
	}

	@Test
	void aCollectorWithoutGenerationsMeasuresOnEveryCycleButNotOnItsPauses() {
		assertThat(HeapAfterGcProbe.touchesOldRegions("ZGC Cycles", "end of GC cycle", Map.of(), Map.of(), Set.of()))
			.isTrue();
		assertThat(HeapAfterGcProbe.touchesOldRegions("ZGC Pauses", "end of GC pause", Map.of(), Map.of(), Set.of()))
			.isFalse();
	}

	@Test
	void oldPoolsAreRecognisedForEveryHotSpotCollector() {
		assertThat(List.of("G1 Old Gen", "PS Old Gen", "Tenured Gen", "ZGC Old Generation"))
			.allMatch(HeapAfterGcProbe::isOldPool);
		assertThat(List.of("G1 Eden Space", "PS Survivor Space", "ZHeap", "Shenandoah"))
			.noneMatch(HeapAfterGcProbe::isOldPool);
	}

	@Test
	void retainedHeapIsMeasuredByTheNextFullCollectionAndFreedHeapByTheOneAfter() {
		try (HeapAfterGcProbe probe = new HeapAfterGcProbe()) {
			assertThat(probe.name()).isEqualTo("heap");
			assertThat(probe.limitBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
			assertThat(probe.limitDescription()).isEqualTo("maximum heap");
			Instant first = collect(probe, null);
			long before = probe.currentBytes();
			List<byte[]> retained = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				retained.add(new byte[(int) MB]);
			}
			Instant second = collect(probe, first);
			assertThat(probe.currentBytes() - before).isBetween(60 * MB, 80 * MB);
			assertThat(probe.measuredBy()).endsWith("(System.gc())");
			assertThat(retained).hasSize(64);
			retained = null;
			collect(probe, second);
			assertThat(probe.currentBytes()).isLessThan(before + 16 * MB);
		}
	}

	/** Runs a full collection and waits for its notification, which the JVM sends on its own thread. */
	private static Instant collect(HeapAfterGcProbe probe, Instant previous) {
		System.gc();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> probe.measuredAt() != null && (previous == null || probe.measuredAt().isAfter(previous)));
		return probe.measuredAt();
	}

	@Test
	void closingStopsMeasuring() {
		HeapAfterGcProbe probe = new HeapAfterGcProbe();
		probe.close();
		System.gc();
		// A second probe still listening shows the notification was sent.
		try (HeapAfterGcProbe listening = new HeapAfterGcProbe()) {
			collect(listening, null);
		}
		assertThat(probe.currentBytes()).isEqualTo(-1);
		assertThat(probe.measuredAt()).isNull();
	}

}
