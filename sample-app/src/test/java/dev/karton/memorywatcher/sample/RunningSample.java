package dev.karton.memorywatcher.sample;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.WatcherSnapshot;
import dev.karton.memorywatcher.autoconfigure.ExitStrategy;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application started in this JVM on a free port, serving real HTTP, with its
 * {@link ExitStrategy} replaced by one that records the exit instead of ending the JVM. Started
 * through {@link SpringApplicationBuilder} rather than {@code @SpringBootTest}, because the
 * watcher's exit closes the context, which the test framework's context cache cannot survive.
 */
final class RunningSample implements AutoCloseable {

	private final RecordingExitStrategy exit = new RecordingExitStrategy();

	private final ConfigurableApplicationContext context;

	private RunningSample(String... args) {
		this.context = new SpringApplicationBuilder(SampleApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("recordingExitStrategy", this.exit))
			.run(args);
		this.exit.watcher = this.context.getBean(MemoryWatcher.class);
	}

	/**
	 * Starts the sample on a free port.
	 * @param args extra arguments, such as {@code --karton.memory-watcher.exit-code=3}
	 * @return the running sample
	 */
	static RunningSample start(String... args) {
		String[] withPort = new String[args.length + 1];
		withPort[0] = "--server.port=0";
		System.arraycopy(args, 0, withPort, 1, args.length);
		return new RunningSample(withPort);
	}

	ActuatorClient actuator() {
		return new ActuatorClient(((WebServerApplicationContext) this.context).getWebServer().getPort());
	}

	MemoryWatcher watcher() {
		return this.context.getBean(MemoryWatcher.class);
	}

	/**
	 * Completes when the watcher ends the process, with the watcher's figures at that moment.
	 * @return the exit
	 */
	CompletableFuture<WatcherSnapshot> exited() {
		return this.exit.exited;
	}

	int exitCode() {
		return this.exit.exitCode;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Records the exit code and what the watcher saw when it was asked to end the JVM.
	 */
	private static final class RecordingExitStrategy implements ExitStrategy {

		final CompletableFuture<WatcherSnapshot> exited = new CompletableFuture<>();

		volatile @Nullable MemoryWatcher watcher;

		volatile int exitCode = -1;

		@Override
		public void exit(int exitCode) {
			this.exitCode = exitCode;
			MemoryWatcher watcher = this.watcher;
			if (watcher != null) {
				this.exited.complete(watcher.snapshot());
			}
			else {
				this.exited.completeExceptionally(new IllegalStateException("exit before the sample started"));
			}
		}

	}

}
