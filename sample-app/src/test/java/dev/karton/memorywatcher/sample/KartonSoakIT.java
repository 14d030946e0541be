package dev.karton.memorywatcher.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs scripts/soak.sh: 1,000 karton tasks through a real redis-server, consumed by the packaged
 * sample while it recycles itself, under a real supervisord and under the seed's shell loop.
 */
class KartonSoakIT {

	private static final String SUMMARY = "tasks=1000 finished=1000 lost=0 duplicates=0 interrupted=0 restarts=";

	@TempDir
	Path temp;

	@Test
	void supervisordRecyclesTheConsumerThroughARedisRestartAndLosesNothing() throws Exception {
		String output = soak("--tasks", "1000", "--manager", "supervisor", "--port", freePort(),
				"--restart-redis-after", "400");
		assertThat(output).contains(SUMMARY).contains("redis-restarted=yes").contains("foreign-exits=0");
	}

	@Test
	void theSeedsShellLoopRecyclesTheConsumerAndLosesNothing() throws Exception {
		String output = soak("--tasks", "1000", "--manager", "loop", "--port", freePort());
		assertThat(output).contains(SUMMARY).contains("foreign-exits=0");
	}

	private static String freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return Integer.toString(socket.getLocalPort());
		}
	}

	private String soak(String... args) throws IOException, InterruptedException {
		boolean tools = new ProcessBuilder("sh", "-c", "command -v redis-server && command -v supervisord").start()
			.waitFor() == 0;
		if (!tools && !"true".equals(System.getenv("CI"))) {
			Assumptions.abort("redis-server or supervisord missing (apt-get install redis-server supervisor)");
		}
		Path root = Path.of(System.getProperty("sample.jar")).getParent().getParent().getParent();
		String[] command = new String[args.length + 1];
		command[0] = root.resolve("scripts/soak.sh").toString();
		System.arraycopy(args, 0, command, 1, args.length);
		Path log = this.temp.resolve("soak.log");
		Process process = new ProcessBuilder(command).directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(15, TimeUnit.MINUTES)) {
			process.destroy();
			throw new AssertionError("soak did not end within 15 minutes:\n" + Files.readString(log));
		}
		String output = Files.readString(log);
		// The summary belongs in the build log: it is the soak's evidence.
		System.out.println(output);
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
