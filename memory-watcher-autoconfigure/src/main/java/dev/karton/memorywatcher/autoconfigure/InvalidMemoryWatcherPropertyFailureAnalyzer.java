package dev.karton.memorywatcher.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns an {@link InvalidMemoryWatcherPropertyException} into a startup report naming the
 * property, the value and what is accepted. Ordered first, because Boot's own bind analyzer would
 * otherwise describe the same failure less precisely.
 */
class InvalidMemoryWatcherPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMemoryWatcherPropertyException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMemoryWatcherPropertyException cause) {
		String description = "The memory watcher cannot start: property '" + cause.getProperty()
				+ "' has the value '" + cause.getValue() + "'.";
		String action = "Set '" + cause.getProperty() + "' to " + cause.getAccepted()
				+ ", or remove it to use its default.";
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
