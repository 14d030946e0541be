package dev.karton.memorywatcher.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged sample jar as a child JVM, as a service manager would, and reads what it did
 * from its log and exit code.
 */
class SampleAppProcessIT {

	private static final Pattern STARTED = Pattern.compile("task (\\d+) started");

	private static final Pattern FINISHED = Pattern.compile("task (\\d+) finished");

	@TempDir
	Path temp;

	@Test
	void proceedTasksExitsWithCode75AfterExactlyThatManyTasks() throws Exception {
		Run run = run("--karton.memory-watcher.proceed-tasks=50", "--sample.tasks.interval=0");
		assertThat(run.exitCode).isEqualTo(75);
		assertThat(run.finished()).hasSize(50);
		assertThat(run.started()).isEqualTo(run.finished());
		assertThat(run.log).contains("restart requested: proceed-tasks 50 >= 50");
		assertThat(run.log).contains("Every in-flight task finished");
		assertThat(run.indexOf("sample database closed")).isGreaterThan(run.lastIndexOf(FINISHED));
	}

	@Test
	void memoryGrowthRestartsTheConsumerOnTheMegabytesRule() throws Exception {
		Run run = run("--karton.memory-watcher.proceed-tasks=100000", "--karton.memory-watcher.extra-consumed-megabytes=40",
				"--sample.tasks.interval=0", "--sample.leak.per-task=2MB");
		assertThat(run.exitCode).isEqualTo(75);
		assertThat(run.log).contains("restart requested: extra-consumed-megabytes");
		// 40 MB at 2 MB a task: about 20 tasks, more if the JVM gave memory back meanwhile.
		assertThat(run.finished().size()).isBetween(15, 200);
		assertThat(run.started()).isEqualTo(run.finished());
		assertThat(run.log).contains("sample database closed");
	}

	@Test
	void severalConsumersFinishEveryStartedTaskBeforeTheExit() throws Exception {
		Run run = run("--karton.memory-watcher.proceed-tasks=60", "--sample.consumers=3", "--sample.tasks.interval=0",
				"--sample.tasks.duration=30ms");
		assertThat(run.exitCode).isEqualTo(75);
		assertThat(run.started()).isEqualTo(run.finished());
		// The rule fires on the 60th; the other two consumers may each hold one more task.
		assertThat(run.finished().size()).isBetween(60, 62);
		assertThat(run.indexOf("sample database closed")).isGreaterThan(run.lastIndexOf(FINISHED));
	}

	@Test
	void sigtermDuringADrainLetsTheTasksInHandFinishAndLeavesTheExitToTheShutdown() throws Exception {
		// The periodic check fires elapsed-time while all three 5 s tasks are still running, so the
		// drain lasts seconds. (With proceed-tasks=1 the restart came as the first task ended, and
		// the other two, started in the same millisecond, ended before the SIGTERM could land.)
		Process process = start("--karton.memory-watcher.elapsed-time=1s", "--karton.memory-watcher.check-interval=200ms",
				"--sample.consumers=3", "--sample.tasks.interval=0", "--sample.tasks.duration=5s",
				"--sample.leak.per-task=0");
		Path log = this.temp.resolve("sample.log");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!Files.readString(log).contains("restart requested") && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		process.destroy();
		Run run = await(process);
		assertThat(run.exitCode).as("ended by SIGTERM, not by the watcher").isEqualTo(143);
		assertThat(run.started()).isNotEmpty().isEqualTo(run.finished());
		assertThat(run.log).contains("The application is already shutting down")
			.doesNotContain("Closing the application context, then exiting");
		assertThat(run.log).contains("sample database closed");
	}

	@Test
	void invalidPropertyFailsTheStartupNamingThePropertyAndRunsNoTask() throws Exception {
		Run run = run("--karton.memory-watcher.proceed-tasks=0");
		assertThat(run.exitCode).isEqualTo(1);
		assertThat(run.log).contains("APPLICATION FAILED TO START")
			.contains("property 'karton.memory-watcher.proceed-tasks' has the value '0'")
			.contains("Set 'karton.memory-watcher.proceed-tasks' to a whole number of at least 1");
		assertThat(run.finished()).isEmpty();
	}

	private Run run(String... args) throws IOException, InterruptedException {
		return await(start(args));
	}

	private Process start(String... args) throws IOException {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("sample.jar system property set by failsafe").isNotNull();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-jar");
		command.add(jar);
		// A free port, so that runs never clash with each other or with a sample already running.
		command.add("--server.port=0");
		command.addAll(Arrays.asList(args));
		File output = this.temp.resolve("sample.log").toFile();
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
	}

	private Run await(Process process) throws IOException, InterruptedException {
		Path output = this.temp.resolve("sample.log");
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("sample did not exit within 120 s:\n" + Files.readString(output));
		}
		return new Run(process.exitValue(), Files.readString(output));
	}

	record Run(int exitCode, String log) {

		List<String> started() {
			return ids(STARTED);
		}

		List<String> finished() {
			return ids(FINISHED);
		}

		private List<String> ids(Pattern pattern) {
			List<String> ids = new ArrayList<>();
			Matcher matcher = pattern.matcher(this.log);
			while (matcher.find()) {
				ids.add(matcher.group(1));
			}
			return ids.stream().sorted().toList();
		}

		int indexOf(String text) {
			return this.log.indexOf(text);
		}

		int lastIndexOf(Pattern pattern) {
			Matcher matcher = pattern.matcher(this.log);
			int last = -1;
			while (matcher.find()) {
				last = matcher.start();
			}
			return last;
		}

	}

}
