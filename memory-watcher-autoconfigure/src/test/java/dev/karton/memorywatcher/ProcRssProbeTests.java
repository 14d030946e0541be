package dev.karton.memorywatcher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProcRssProbeTests {

	@Test
	void parsesTheResidentFieldOfStatm() {
		byte[] statm = "2450432 51234 8123 1 0 301234 0\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(ProcRssProbe.residentPages(ByteBuffer.wrap(statm), statm.length)).isEqualTo(51234);
	}

	@Test
	void rejectsContentWithoutAResidentField() {
		byte[] statm = "2450432\n".getBytes(StandardCharsets.US_ASCII);
		assertThatIllegalStateException()
			.isThrownBy(() -> ProcRssProbe.residentPages(ByteBuffer.wrap(statm), statm.length));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void seesNativeMemoryTheProcessTouches() throws Exception {
		try (ProcRssProbe probe = ProcRssProbe.openIfAvailable()) {
			assertThat(probe).isNotNull();
			long before = probe.currentBytes();
			// allocateDirect zeroes the buffer, touching every page.
			ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024 * 1024);
			long after = probe.currentBytes();
			assertThat(after - before).isGreaterThan(48L * 1024 * 1024);
			assertThat(buffer.capacity()).isPositive();
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void detectPrefersTheResidentSetOnLinux() {
		assertThat(MemoryProbe.detect().name()).isEqualTo("rss");
	}

	@Test
	void jvmProbeReportsHeapAndNonHeapInUse() {
		JvmMemoryProbe probe = new JvmMemoryProbe();
		assertThat(probe.name()).isEqualTo("jvm");
		assertThat(probe.currentBytes()).isPositive();
	}

}
