package dev.karton.memorywatcher.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidMemoryWatcherPropertyFailureAnalyzerTests {

	@Test
	void analysisNamesThePropertyTheValueAndWhatIsAccepted() {
		InvalidMemoryWatcherPropertyException cause = new InvalidMemoryWatcherPropertyException(
				"karton.memory-watcher.proceed-tasks", 0L, "a whole number of at least 1");
		FailureAnalysis analysis = new InvalidMemoryWatcherPropertyFailureAnalyzer()
			.analyze(new IllegalStateException("binding failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.isEqualTo("The memory watcher cannot start: property 'karton.memory-watcher.proceed-tasks' has the value '0'.");
		assertThat(analysis.getAction()).isEqualTo(
				"Set 'karton.memory-watcher.proceed-tasks' to a whole number of at least 1, or remove it to use its default.");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new InvalidMemoryWatcherPropertyFailureAnalyzer().analyze(new IllegalStateException("other")))
			.isNull();
	}

}
