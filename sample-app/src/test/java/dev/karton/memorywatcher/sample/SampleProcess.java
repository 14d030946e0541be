package dev.karton.memorywatcher.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged sample jar running as a child JVM, as a service manager would run it, with its
 * output in a log file the test reads.
 */
final class SampleProcess {

	static final Pattern STARTED = Pattern.compile("task (\\S+) started");

	static final Pattern FINISHED = Pattern.compile("task (\\S+) finished");

	private final Process process;

	private final Path log;

	private SampleProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static SampleProcess start(Path log, String... args) throws IOException {
		String jar = System.getProperty("sample.jar");
		if (jar == null) {
			throw new IllegalStateException("system property sample.jar is not set (failsafe sets it)");
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-jar");
		command.add(jar);
		// A free port, so that runs never clash with each other or with a sample already running.
		command.add("--server.port=0");
		command.addAll(Arrays.asList(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new SampleProcess(process, log);
	}

	static Run run(Path log, String... args) throws IOException, InterruptedException {
		return start(log, args).awaitExit();
	}

	/**
	 * Waits until the log contains the text.
	 */
	void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!Files.readString(this.log).contains(text)) {
			if (System.nanoTime() > deadline || !this.process.isAlive()) {
				throw new AssertionError("log never showed '" + text + "':\n" + Files.readString(this.log));
			}
			Thread.sleep(50);
		}
	}

	/**
	 * Sends SIGTERM, as a service manager stopping the service does.
	 */
	void terminate() {
		this.process.destroy();
	}

	Run awaitExit() throws IOException, InterruptedException {
		if (!this.process.waitFor(120, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("sample did not exit within 120 s:\n" + Files.readString(this.log));
		}
		return new Run(this.process.exitValue(), Files.readString(this.log));
	}

	/**
	 * What a finished process did.
	 *
	 * @param exitCode its exit code
	 * @param log everything it printed
	 */
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
