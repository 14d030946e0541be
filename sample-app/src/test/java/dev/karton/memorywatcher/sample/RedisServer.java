package dev.karton.memorywatcher.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real redis-server (Debian's package) on a free loopback port, for one test class. Outside CI a
 * machine without redis-server skips the tests with a message; in CI (CI=true) it fails them.
 */
final class RedisServer implements AutoCloseable {

	final int port;

	private final Process process;

	private final LettuceConnectionFactory connectionFactory;

	final StringRedisTemplate redis;

	private RedisServer(int port, Process process) {
		this.port = port;
		this.process = process;
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new StringRedisTemplate(this.connectionFactory);
	}

	static RedisServer start(Path dir) throws IOException, InterruptedException {
		boolean installed = new ProcessBuilder("sh", "-c", "command -v redis-server").start().waitFor() == 0;
		if (!installed) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException("redis-server is not installed; .ci/run installs Debian's redis-server");
			}
			Assumptions.abort("redis-server is not installed (apt-get install redis-server); skipping karton tests");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--dir", dir.toString(), "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				break;
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("redis-server did not listen on port " + port, ex);
				}
				Thread.sleep(50);
			}
		}
		return new RedisServer(port, process);
	}

	@Override
	public void close() throws InterruptedException {
		this.connectionFactory.destroy();
		this.process.destroy();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

}
