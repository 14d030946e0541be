package dev.karton.memorywatcher.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the exit codes instead of ending the test JVM; the one mock the project allows.
 */
class RecordingExitStrategy implements ExitStrategy {

	final List<Integer> codes = new CopyOnWriteArrayList<>();

	final List<String> events;

	RecordingExitStrategy(List<String> events) {
		this.events = events;
	}

	@Override
	public void exit(int exitCode) {
		this.events.add("exit " + exitCode);
		this.codes.add(exitCode);
	}

}
