package dev.karton.memorywatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each memory source against real memory, each scenario in a child JVM with fixed heap settings
 * (see {@link MemorySourceScenario}), so that the figures do not depend on this JVM's heap or on
 * other tests.
 */
@EnabledOnOs(OS.LINUX)
class MemorySourceProcessTests {

	@Test
	void aHeapLeakGrowsTheHeapFigureAndTheHeapRuleFires() throws Exception {
		Map<String, String> results = runScenario("heap-leak", "-Xms128m", "-Xmx128m", "-XX:+UseG1GC");
		assertThat(results).containsEntry("heap-restarts", "1")
			.containsEntry("heap-restart-rule", "extra-consumed-megabytes");
		// 1 MB retained per task against a 32 MB rule, measured every 4 tasks by a full collection.
		assertThat(Integer.parseInt(results.get("heap-restart-task"))).isBetween(24, 40);
	}

	@Test
	void aHeapLeakIsSeenThroughYoungCollectionsAloneLongBeforeAFullCollection() throws Exception {
		// G1 never collects old regions here: every retained object stays live, so the old pool's
		// collection usage would not move until the full collection before an OutOfMemoryError.
		Map<String, String> results = runScenario("heap-leak-young-collections-only", "-Xms128m", "-Xmx128m",
				"-XX:+UseG1GC");
		assertThat(results).containsEntry("heap-restarts", "1");
		assertThat(results.get("heap-measured-by")).startsWith("G1 Young Generation");
		// 32 MB at 1 MB a task, give or take the young garbage a collection leaves behind (29 seen
		// once); far below the ~120 tasks after which a 128 MB heap would need its full collection.
		assertThat(Integer.parseInt(results.get("heap-restart-task"))).isBetween(24, 48);
	}

	@Test
	void aNativeLeakFiresTheRssRuleAndNotTheHeapRule() throws Exception {
		// A fixed, pre-touched heap, so that the resident set moves with native memory only.
		Map<String, String> results = runScenario("native-leak", "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch");
		assertThat(results).containsEntry("rss-restarts", "1")
			.containsEntry("rss-restart-rule", "extra-consumed-megabytes")
			.containsEntry("heap-restarts", "0");
		// 4 MB touched per task against a 32 MB rule.
		assertThat(Integer.parseInt(results.get("rss-restart-task"))).isBetween(7, 10);
		assertThat(Long.parseLong(results.get("heap-growth-mb"))).isLessThan(8);
	}

	@Test
	void heapExpansionDuringTheWarmUpFiresAnRssRuleWithoutAWarmUpBaselineButNotOneWithIt() throws Exception {
		// The heap starts at 16 MB and may grow to 256 MB; pre-touch makes the resident set follow the
		// committed heap, and MaxHeapFreeRatio=100 keeps it from shrinking back in between.
		Map<String, String> results = runScenario("heap-expansion", "-Xms16m", "-Xmx256m", "-XX:+AlwaysPreTouch",
				"-XX:MaxHeapFreeRatio=100");
		assertThat(results).containsEntry("cold-restarts", "1").containsEntry("warm-restarts", "0");
		assertThat(Integer.parseInt(results.get("cold-restart-task"))).as("during the 20 warm-up tasks")
			.isLessThanOrEqualTo(20);
		assertThat(Long.parseLong(results.get("warm-baseline-mb")) - Long.parseLong(results.get("rss-start-mb")))
			.as("the heap's expansion before the warm-up baseline")
			.isGreaterThan(150);
	}

	private static Map<String, String> runScenario(String scenario, String... jvmOptions)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(jvmOptions));
		command.add("-cp");
		command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		command.add(MemorySourceScenario.class.getName());
		command.add(scenario);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		Map<String, String> results = new LinkedHashMap<>();
		output.lines().filter((line) -> line.startsWith("RESULT ")).forEach((line) -> {
			String[] pair = line.substring("RESULT ".length()).split("=", 2);
			results.put(pair[0], pair[1]);
		});
		return results;
	}

}
