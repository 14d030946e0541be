package dev.karton.memorywatcher.testsupport;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.autoconfigure.ExitStrategy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes an application context of a restart test record its drain and exit in
 * {@link MessageLedger#current()} instead of ending the JVM.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerExitConfiguration {

	@Bean
	ExitStrategy recordingExitStrategy() {
		return MessageLedger.current().exitStrategy();
	}

	@Bean
	BeforeExitCallback drainRecorder() {
		return MessageLedger.current().drainRecorder();
	}

}
