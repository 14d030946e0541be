package dev.karton.memorywatcher.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.karton.memorywatcher.sample.SampleProcess.Run;

import static dev.karton.memorywatcher.sample.SampleProcess.FINISHED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged sample jar with its embedded source as a child JVM and reads what it did from
 * its log and exit code.
 */
class SampleAppProcessIT {

	@TempDir
	Path temp;

	private Path log() {
		return this.temp.resolve("sample.log");
	}

	@Test
	void proceedTasksExitsWithCode75AfterExactlyThatManyTasks() throws Exception {
		Run run = SampleProcess.run(log(), "--karton.memory-watcher.proceed-tasks=50", "--sample.tasks.interval=0");
		assertThat(run.exitCode()).isEqualTo(75);
		assertThat(run.finished()).hasSize(50);
		assertThat(run.started()).isEqualTo(run.finished());
		assertThat(run.log()).contains("restart requested: proceed-tasks 50 >= 50");
		assertThat(run.log()).contains("Every in-flight task finished");
		assertThat(run.indexOf("sample database closed")).isGreaterThan(run.lastIndexOf(FINISHED));
	}

	@Test
	void memoryGrowthRestartsTheConsumerOnTheMegabytesRule() throws Exception {
		Run run = SampleProcess.run(log(), "--karton.memory-watcher.proceed-tasks=100000",
				"--karton.memory-watcher.extra-consumed-megabytes=40", "--sample.tasks.interval=0",
				"--sample.leak.per-task=2MB");
		assertThat(run.exitCode()).isEqualTo(75);
		assertThat(run.log()).contains("restart requested: extra-consumed-megabytes");
		// 40 MB at 2 MB a task: about 20 tasks, more if the JVM gave memory back meanwhile.
		assertThat(run.finished().size()).isBetween(15, 200);
		assertThat(run.started()).isEqualTo(run.finished());
		assertThat(run.log()).contains("sample database closed");
	}

	@Test
	void severalConsumersFinishEveryStartedTaskBeforeTheExit() throws Exception {
		Run run = SampleProcess.run(log(), "--karton.memory-watcher.proceed-tasks=60", "--sample.consumers=3",
				"--sample.tasks.interval=0", "--sample.tasks.duration=30ms");
		assertThat(run.exitCode()).isEqualTo(75);
		assertThat(run.started()).isEqualTo(run.finished());
		// The rule fires on the 60th; the other two consumers may each hold one more task.
		assertThat(run.finished().size()).isBetween(60, 62);
		assertThat(run.indexOf("sample database closed")).isGreaterThan(run.lastIndexOf(FINISHED));
	}

	@Test
	void sigtermDuringADrainLetsTheTasksInHandFinishAndLeavesTheExitToTheShutdown() throws Exception {
		// The periodic check fires elapsed-time about 1 s into a 4 s task: the drain is on for 3 s.
		SampleProcess process = SampleProcess.start(log(), "--karton.memory-watcher.elapsed-time=1s",
				"--karton.memory-watcher.check-interval=200ms", "--sample.tasks.interval=0",
				"--sample.tasks.duration=4s", "--sample.leak.per-task=0");
		process.awaitLog("restart requested", Duration.ofSeconds(60));
		process.terminate();
		Run run = process.awaitExit();
		assertThat(run.exitCode()).as("ended by SIGTERM, not by the watcher").isEqualTo(143);
		assertThat(run.log()).contains("restart requested: elapsed-time");
		assertThat(run.started()).hasSize(1).isEqualTo(run.finished());
		assertThat(run.log()).contains("The application is already shutting down")
			.doesNotContain("Closing the application context, then exiting");
		assertThat(run.log()).contains("sample database closed");
	}

	@Test
	void invalidPropertyFailsTheStartupNamingThePropertyAndRunsNoTask() throws Exception {
		Run run = SampleProcess.run(log(), "--karton.memory-watcher.proceed-tasks=0");
		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.log()).contains("APPLICATION FAILED TO START")
			.contains("property 'karton.memory-watcher.proceed-tasks' has the value '0'")
			.contains("Set 'karton.memory-watcher.proceed-tasks' to a whole number of at least 1");
		assertThat(run.finished()).isEmpty();
	}

}
