package dev.karton.memorywatcher;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.karton.memorywatcher.FakeProbe.MB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CgroupMemoryProbeTests {

	private static Path fixture(String name) throws Exception {
		return Path.of(CgroupMemoryProbeTests.class.getResource("/cgroup/" + name).toURI());
	}

	@Test
	void thisMachinesCapturedCgroupV1HasNoLimitAndSaysSo() throws Exception {
		Path root = fixture("v1-this-machine");
		try (CgroupMemoryProbe probe = CgroupMemoryProbe.locate(root)) {
			assertThat(probe.version()).isEqualTo(CgroupMemoryProbe.Version.V1);
			assertThat(probe.directory())
				.isEqualTo(root.resolve("sys/fs/cgroup/memory/process_api/6b2e0b0f3183e8dbb202d22af3ac4adc"));
			// memory.usage_in_bytes 8937472 minus total_inactive_file 2002944
			assertThat(probe.currentBytes()).isEqualTo(6_934_528);
			assertThat(probe.limitBytes()).isEqualTo(-1);
			assertThat(probe.limitDescription())
				.isEqualTo("none (memory.limit_in_bytes is 9223372036854771712, which means unlimited)");
		}
		assertThatIllegalStateException().isThrownBy(() -> MemorySource.openContainer(root))
			.withMessageStartingWith("the cgroup v1 at ")
			.withMessageEndingWith("/sys/fs/cgroup/memory/process_api/6b2e0b0f3183e8dbb202d22af3ac4adc has no memory "
					+ "limit, its limit is none (memory.limit_in_bytes is 9223372036854771712, which means unlimited)");
	}

	@Test
	void dockerOnCgroupV1MountsTheContainersOwnCgroup() throws Exception {
		Path root = fixture("v1-docker-limited");
		try (CgroupMemoryProbe probe = MemorySource.openContainer(root)) {
			assertThat(probe.directory()).isEqualTo(root.resolve("sys/fs/cgroup/memory"));
			assertThat(probe.currentBytes()).isEqualTo(300 * MB - 50 * MB);
			assertThat(probe.limitBytes()).isEqualTo(512 * MB);
			assertThat(probe.limitDescription()).isEqualTo("cgroup v1 memory.limit_in_bytes");
			assertThat(probe.description()).startsWith("working set of the cgroup v1 at ")
				.endsWith("(memory.usage_in_bytes minus total_inactive_file)");
		}
	}

	@Test
	void onCgroupV1TheWorkingSetSubtractsTheHierarchicalInactiveFileAndThePodsLimitApplies() throws Exception {
		Path root = fixture("v1-pod-limit");
		try (CgroupMemoryProbe probe = MemorySource.openContainer(root)) {
			assertThat(probe.directory()).isEqualTo(root.resolve("sys/fs/cgroup/memory/kubepods/burstable/pod7d1e/c0ffee"));
			// usage 400 MiB minus total_inactive_file 100 MiB, not minus the cgroup's own inactive_file 1 MiB
			assertThat(probe.currentBytes()).isEqualTo(300 * MB);
			assertThat(probe.limitBytes()).isEqualTo(1024 * MB);
			assertThat(probe.limitDescription()).startsWith("cgroup v1 memory.limit_in_bytes of ancestor ");
		}
	}

	@Test
	void cgroupV2InANamespaceIsTheMountItself() throws Exception {
		Path root = fixture("v2-namespaced-limited");
		try (CgroupMemoryProbe probe = MemorySource.openContainer(root)) {
			assertThat(probe.version()).isEqualTo(CgroupMemoryProbe.Version.V2);
			assertThat(probe.directory()).isEqualTo(root.resolve("sys/fs/cgroup"));
			assertThat(probe.currentBytes()).isEqualTo(200 * MB - 30 * MB);
			assertThat(probe.limitBytes()).isEqualTo(256 * MB);
			assertThat(probe.limitDescription()).isEqualTo("cgroup v2 memory.max");
		}
	}

	@Test
	void cgroupV2TakesTheSmallestLimitOfTheCgroupAndItsAncestors() throws Exception {
		Path root = fixture("v2-ancestor-limit");
		try (CgroupMemoryProbe probe = MemorySource.openContainer(root)) {
			assertThat(probe.directory()).isEqualTo(root.resolve("sys/fs/cgroup/user.slice/worker.slice/consumer.scope"));
			assertThat(probe.currentBytes()).isEqualTo(100 * MB - 10 * MB);
			assertThat(probe.limitBytes()).isEqualTo(768 * MB);
			assertThat(probe.limitDescription()).startsWith("cgroup v2 memory.max of ancestor ")
				.endsWith("worker.slice");
		}
	}

	@Test
	void cgroupV2WithoutALimitIsRefusedForTheContainerSource() throws Exception {
		Path root = fixture("v2-unlimited");
		try (CgroupMemoryProbe probe = CgroupMemoryProbe.locate(root)) {
			assertThat(probe.limitBytes()).isEqualTo(-1);
			assertThat(probe.currentBytes()).isEqualTo(50 * MB);
		}
		assertThatIllegalStateException().isThrownBy(() -> MemorySource.openContainer(root))
			.withMessageEndingWith(" has no memory limit, its limit is none (memory.max is max, which means unlimited)");
	}

	@Test
	void aProcessInNoMemoryCgroupGetsAnErrorSayingWhatWasLookedFor() throws Exception {
		assertThatIllegalStateException().isThrownBy(() -> CgroupMemoryProbe.locate(fixture("no-memory-cgroup")))
			.withMessage("this process is in no memory cgroup: /proc/self/cgroup names no v1 memory cgroup and no v2 "
					+ "cgroup, and no mounted cgroup directory for it has memory usage files");
	}

	@Test
	void readsTheUsageOnEveryCallAndTheInactiveFileCacheOncePerRefresh(@TempDir Path root) throws Exception {
		copy(fixture("v2-namespaced-limited"), root);
		Path cgroup = root.resolve("sys/fs/cgroup");
		try (CgroupMemoryProbe probe = CgroupMemoryProbe.locate(root, Duration.ofHours(1))) {
			assertThat(probe.currentBytes()).isEqualTo(170 * MB);
			Files.writeString(cgroup.resolve("memory.current"), "230686720\n");
			assertThat(probe.currentBytes()).isEqualTo(220 * MB - 30 * MB);
			Files.writeString(cgroup.resolve("memory.stat"),
					Files.readString(cgroup.resolve("memory.stat")).replace("inactive_file 31457280", "inactive_file 0"));
			assertThat(probe.currentBytes()).as("memory.stat read less often").isEqualTo(190 * MB);
		}
		try (CgroupMemoryProbe probe = CgroupMemoryProbe.locate(root, Duration.ZERO)) {
			assertThat(probe.currentBytes()).isEqualTo(220 * MB);
		}
	}

	private static void copy(Path from, Path to) throws Exception {
		try (var paths = Files.walk(from)) {
			for (Path path : paths.toList()) {
				Path target = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(path, target);
				}
			}
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void thisMachinesRealCgroupIsFoundAndSeesMemoryTheProcessTouches() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/cgroup")), "no /proc/self/cgroup");
		try (CgroupMemoryProbe probe = CgroupMemoryProbe.locate(Path.of("/"))) {
			assertThat(probe.directory()).isDirectory();
			long before = probe.currentBytes();
			assertThat(before).isPositive();
			// allocateDirect zeroes the buffer, charging every page to this cgroup.
			ByteBuffer touched = ByteBuffer.allocateDirect(128 * (int) MB);
			assertThat(probe.currentBytes() - before).isGreaterThan(100 * MB);
			assertThat(touched.capacity()).isPositive();
			if (probe.limitBytes() < 0) {
				assertThat(probe.limitDescription()).contains("which means unlimited");
				assertThatIllegalStateException().isThrownBy(() -> MemorySource.CONTAINER.open())
					.withMessageContaining("has no memory limit");
			}
			else {
				assertThat(probe.limitBytes()).isGreaterThan(before);
				assertThat(MemorySource.CONTAINER.open().limitBytes()).isEqualTo(probe.limitBytes());
			}
		}
	}

}
